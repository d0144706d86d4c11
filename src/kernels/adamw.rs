//! AdamW's update of one parameter: the fused kernel (in [`super::adamw_cube`]) as a Burn
//! backend operation. Its reference is Burn's `AdamW`; the optimizer that chooses between them
//! lives with the trainer (`train::optim::FusedAdamW`).

use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Cube, Dispatch, backend_extension};
use burn::prelude::*;

pub use super::adamw_cube::Scalars;
use super::adamw_cube::launch;

/// The fused AdamW step as a backend operation: CubeCL runtimes (wgpu, CUDA). Optimizers run
/// outside autodiff, so there is no autodiff version.
#[backend_extension(Cube)]
pub trait AdamWOps: Backend {
    /// The parameter and both moments after one step.
    fn fused_adamw(
        param: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        moment1: FloatTensor<Self>,
        moment2: FloatTensor<Self>,
        scalars: Scalars,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>);
}

impl AdamWOps for Cube {
    fn fused_adamw(
        param: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        moment1: FloatTensor<Self>,
        moment2: FloatTensor<Self>,
        scalars: Scalars,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        launch(param, grad, moment1, moment2, scalars)
    }
}

/// One AdamW step of `param` by the fused kernel: the parameter and both moments after it. The
/// tensors must be f32 (trained parameters are float32 masters in every precision: the
/// optimizer in `crate::train::optim` takes this kernel for those only) on a CubeCL device,
/// without autodiff.
pub fn fused<const D: usize>(
    param: Tensor<D>,
    grad: Tensor<D>,
    moment1: Tensor<D>,
    moment2: Tensor<D>,
    scalars: Scalars,
) -> (Tensor<D>, Tensor<D>, Tensor<D>) {
    let (param, moment1, moment2) = <Dispatch as AdamWOps>::fused_adamw(
        param.into_dispatch(),
        grad.into_dispatch(),
        moment1.into_dispatch(),
        moment2.into_dispatch(),
        scalars,
    );
    (
        Tensor::from_dispatch(param),
        Tensor::from_dispatch(moment1),
        Tensor::from_dispatch(moment2),
    )
}
