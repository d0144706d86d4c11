//! CUDA backend for remat: placeholder until the CUDA issue; the core library is device-generic.
