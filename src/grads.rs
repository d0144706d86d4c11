//! Arithmetic on a module's gradients: adding, scaling and their global norm. Shared by the
//! checkpoint executor (which adds a step's pieces) and the trainer (which adds micro-batches
//! and clips).

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::prelude::*;

/// Adds the gradients in `src` to `acc`, summing where a parameter already has one (tied
/// embeddings get one from the head and one from the embedding; accumulation over
/// micro-batches adds whole steps).
///
/// Returns the bytes of gradients `acc` holds that it did not hold before.
pub fn accumulate<M: Module>(
    acc: &mut GradientsParams,
    mut src: GradientsParams,
    module: &M,
) -> u64 {
    struct Add<'a> {
        acc: &'a mut GradientsParams,
        src: &'a mut GradientsParams,
        added: u64,
    }
    impl ModuleVisitor for Add<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if let Some(grad) = self.src.remove::<D>(param.id) {
                let sum = match self.acc.remove::<D>(param.id) {
                    Some(previous) => previous + grad,
                    None => {
                        self.added += (grad.shape().num_elements() * grad.dtype().size()) as u64;
                        grad
                    }
                };
                self.acc.register::<D>(param.id, sum);
            }
        }
    }
    let mut add = Add {
        acc,
        src: &mut src,
        added: 0,
    };
    module.visit(&mut add);
    add.added
}

/// The name (HF's, or PEFT's for an adapter) of the first parameter of `model` that requires
/// a gradient and has none in `grads`: a step that leaves one out is broken, never to be
/// applied as if it were whole (PEFT with reentrant checkpointing and a frozen embedding
/// silently trains nothing).
pub fn missing(grads: &GradientsParams, model: &crate::Llama) -> Option<String> {
    struct Missing<'a> {
        grads: &'a GradientsParams,
        path: Vec<String>,
        first: Option<String>,
    }
    impl ModuleVisitor for Missing<'_> {
        fn enter_module(&mut self, name: &str, _container_type: &str) {
            self.path.push(name.to_string());
        }
        fn exit_module(&mut self, _name: &str, _container_type: &str) {
            self.path.pop();
        }
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if self.first.is_none()
                && param.val().is_require_grad()
                && self.grads.get::<D>(param.id).is_none()
            {
                self.first = Some(crate::model::hf_names::param_name(&self.path));
            }
        }
    }
    let mut visitor = Missing {
        grads,
        path: Vec::new(),
        first: None,
    };
    model.visit(&mut visitor);
    visitor.first
}

/// The sum of the squares of every gradient of `module` in `grads` -> `[1]`, on the device:
/// its square root is the global L2 norm HF clips (Burn's `GradientClipping` clips each tensor
/// on its own). `None` when `grads` holds none of them. The same gradients give the same bits
/// on every run.
pub fn sum_of_squares<M: Module>(grads: &GradientsParams, module: &M) -> Option<Tensor<1>> {
    struct SumSquares<'a> {
        grads: &'a GradientsParams,
        sum: Option<Tensor<1>>,
    }
    impl ModuleVisitor for SumSquares<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if let Some(g) = self.grads.get::<D>(param.id) {
                // By rows, then over the rows: the CPU backend sums a tensor of 4M elements
                // and more on its threads in an order that changes from run to run.
                let dims = g.dims();
                let row = dims[D - 1].max(1);
                let rows = dims.iter().product::<usize>() / row;
                let s = g.square().reshape([rows, row]).sum_dim(1).sum();
                self.sum = Some(match self.sum.take() {
                    Some(acc) => acc + s,
                    None => s,
                });
            }
        }
    }
    let mut visitor = SumSquares { grads, sum: None };
    module.visit(&mut visitor);
    visitor.sum
}

/// Multiplies every gradient of `module` in `grads` by `factor`.
pub fn scale<M: Module>(grads: &mut GradientsParams, module: &M, factor: f32) {
    struct Scale<'a> {
        grads: &'a mut GradientsParams,
        factor: f32,
    }
    impl ModuleVisitor for Scale<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if let Some(g) = self.grads.remove::<D>(param.id) {
                self.grads
                    .register::<D>(param.id, g.mul_scalar(self.factor));
            }
        }
    }
    module.visit(&mut Scale { grads, factor });
}
