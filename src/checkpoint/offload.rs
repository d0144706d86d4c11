//! Host copies of offloaded layer inputs.
//!
//! Trap on wgpu: `Tensor::into_data` is lazy there. It returns bytes that are read from the device
//! at first access, and holding them does not stop a later in-place op from overwriting the
//! buffer, so an offloaded input read that way can come back changed. A [`Transaction`] polled
//! once enqueues the device-to-staging copy at that moment, ordered before any later kernel; the
//! bytes are then copied into a host buffer this stash owns and the staging buffer is released.
//! Host buffers are reused from step to step, so host memory does not grow.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use burn::prelude::*;
use burn::tensor::{DType, Transaction};

use crate::error::{Error, Result};

type Readback = Pin<
    Box<
        dyn Future<Output = std::result::Result<Vec<TensorData>, burn::tensor::ExecutionError>>
            + Send,
    >,
>;

/// A copy to host memory that has been started and may not have finished.
pub struct Transfer {
    state: TransferState,
    shape: [usize; 3],
    dtype: DType,
}

enum TransferState {
    Pending(Readback),
    /// The tensor's bytes, in its dtype.
    OnHost(Vec<u8>),
}

/// Host buffers for offloaded activations, reused across steps.
#[derive(Default)]
pub struct HostStash {
    free: Vec<Vec<u8>>,
    /// Bytes of every host buffer this stash owns (in use or free).
    allocated: usize,
}

impl HostStash {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes of host memory held for offloaded activations.
    pub fn host_bytes(&self) -> usize {
        self.allocated
    }

    /// Starts copying `tensor` (no autodiff) to host memory without waiting for it.
    pub fn start(&mut self, tensor: Tensor<3>) -> Transfer {
        let (shape, dtype) = (tensor.dims(), tensor.dtype());
        let mut readback: Readback =
            Box::pin(Transaction::default().register(tensor).execute_async());
        // The first poll enqueues and submits the copy; what it reads is the value of `tensor`
        // now, whatever runs on the device afterwards.
        let state = match readback
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(result) => match result {
                Ok(data) => TransferState::OnHost(self.copy_out(&data[0])),
                Err(e) => TransferState::Pending(Box::pin(std::future::ready(Err(e)))),
            },
            Poll::Pending => TransferState::Pending(readback),
        };
        Transfer {
            state,
            shape,
            dtype,
        }
    }

    /// Waits for a transfer to land in a host buffer, releasing its staging memory and the
    /// device buffer it copied.
    pub async fn settle(&mut self, transfer: &mut Transfer) -> Result<()> {
        if let TransferState::Pending(readback) = &mut transfer.state {
            let data = readback
                .await
                .map_err(|e| Error::Device(format!("reading an offloaded activation: {e:?}")))?;
            transfer.state = TransferState::OnHost(self.copy_out(&data[0]));
        }
        Ok(())
    }

    /// Uploads a transfer back to `device` and returns its buffer to the stash.
    pub async fn restore(&mut self, mut transfer: Transfer, device: &Device) -> Result<Tensor<3>> {
        self.settle(&mut transfer).await?;
        let TransferState::OnHost(buffer) = transfer.state else {
            unreachable!("settled above")
        };
        let data = TensorData::from_bytes_vec(buffer.clone(), transfer.shape, transfer.dtype);
        let tensor = Tensor::from_data(data, (device, transfer.dtype));
        self.free.push(buffer);
        Ok(tensor)
    }

    fn copy_out(&mut self, data: &TensorData) -> Vec<u8> {
        let values = data.as_bytes();
        let mut buffer = match self.free.iter().position(|b| b.capacity() >= values.len()) {
            Some(i) => self.free.swap_remove(i),
            None => {
                self.allocated += size_of_val(values);
                Vec::with_capacity(values.len())
            }
        };
        buffer.clear();
        buffer.extend_from_slice(values);
        buffer
    }
}
