//! The CPU backend's side of the fused operations: its tensor primitives in Burn's tensor API
//! and back, so that each operation's CPU implementation is written in Burn's ops (untracked:
//! they run on the CPU backend itself, inside the operation's own backward).

use burn::backend::Flex;
use burn::backend::TensorMetadata;
use burn::backend::ops::FloatTensorOps;
use burn::backend::tensor::FloatTensor;
use burn::prelude::*;

/// A CPU backend tensor of rank `D` in Burn's tensor API.
pub fn tensor<const D: usize>(primitive: FloatTensor<Flex>) -> Tensor<D> {
    Tensor::from_primitive::<Flex>(primitive)
}

/// A CPU backend tensor `[.., d]` as `[rows, d]` in Burn's tensor API.
pub fn rows(primitive: FloatTensor<Flex>) -> Tensor<2> {
    let shape = primitive.shape();
    let d = *shape.last().expect("a tensor of at least one axis");
    let rows = shape.num_elements() / d.max(1);
    tensor(Flex::float_reshape(primitive, [rows, d].into()))
}

/// The CPU backend tensor back from Burn's tensor API.
pub fn primitive<const D: usize>(tensor: Tensor<D>) -> FloatTensor<Flex> {
    tensor
        .try_into_primitive::<Flex>()
        .expect("the CPU backend's ops give CPU backend tensors")
}

/// [`primitive`] in `shape` (the one [`rows`] was given).
pub fn unrows(tensor: Tensor<2>, shape: Shape) -> FloatTensor<Flex> {
    Flex::float_reshape(primitive(tensor), shape)
}
