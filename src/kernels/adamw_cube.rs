//! The CubeCL side of the fused AdamW: one unit per element reads the parameter, its gradient
//! and both moments once and writes all three back, where Burn's AdamW runs a dozen
//! elementwise operations, each a pass over memory.
//!
//! In Burn's order: `m = β1 m + (1 - β1) g`, `v = β2 v + (1 - β2) g²`,
//! `p = p (1 - lr wd) - lr (m / c1) / (sqrt(v / c2) + eps)` with `c = 1 - β^t`.

use burn_cubecl::cubecl;
use burn_cubecl::cubecl::prelude::*;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::tensor::CubeTensor;

use super::launch::elementwise;

/// The step's scalars, computed on the host in f32 as Burn computes them (`1 - β` is exact in
/// f32 on either side).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scalars {
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    /// `1 - β1^t`.
    pub correction1: f32,
    /// `1 - β2^t`.
    pub correction2: f32,
    pub eps: f32,
    /// `1 - lr wd`.
    pub decay: f32,
}

/// One AdamW step of `param`, `moment1` and `moment2`, in place.
#[cube(launch)]
pub fn adamw_step<F: Float>(
    param: &mut Tensor<F>,
    grad: &Tensor<F>,
    moment1: &mut Tensor<F>,
    moment2: &mut Tensor<F>,
    lr: f32,
    beta1: f32,
    beta2: f32,
    correction1: f32,
    correction2: f32,
    eps: f32,
    decay: f32,
) {
    let i = ABSOLUTE_POS;
    if i < param.len() {
        let g = grad[i];
        let m = moment1[i] * F::cast_from(beta1) + g * (F::new(1.0) - F::cast_from(beta1));
        let v = moment2[i] * F::cast_from(beta2) + g * g * (F::new(1.0) - F::cast_from(beta2));
        moment1[i] = m;
        moment2[i] = v;
        let m_hat = m / F::cast_from(correction1);
        let v_hat = v / F::cast_from(correction2);
        let delta = m_hat / (v_hat.sqrt() + F::cast_from(eps));
        param[i] = param[i] * F::cast_from(decay) - delta * F::cast_from(lr);
    }
}

/// A buffer this step may write: `tensor` itself when nothing else holds it, else a copy.
fn writable(tensor: CubeTensor) -> CubeTensor {
    let tensor = into_contiguous(tensor);
    if tensor.can_mut() {
        tensor
    } else {
        tensor.copy()
    }
}

pub fn launch(
    param: CubeTensor,
    grad: CubeTensor,
    moment1: CubeTensor,
    moment2: CubeTensor,
    s: Scalars,
) -> (CubeTensor, CubeTensor, CubeTensor) {
    let (param, moment1, moment2) = (writable(param), writable(moment1), writable(moment2));
    let grad = into_contiguous(grad);
    let (count, dim) = elementwise(&param);
    adamw_step::launch::<f32>(
        &param.client.clone(),
        count,
        dim,
        param.clone().into_tensor_arg(),
        grad.into_tensor_arg(),
        moment1.clone().into_tensor_arg(),
        moment2.clone().into_tensor_arg(),
        s.lr,
        s.beta1,
        s.beta2,
        s.correction1,
        s.correction2,
        s.eps,
        s.decay,
    );
    (param, moment1, moment2)
}
