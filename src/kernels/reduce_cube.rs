//! Reductions over one cube's units through shared memory, for the row kernels (one cube per
//! row). A tree over `CUBE_DIM` slots: `CUBE_DIM` must be a power of two. No plane (warp)
//! operations, so they run wherever WGSL does.

use burn_cubecl::cubecl;
use burn_cubecl::cubecl::prelude::*;

/// The sum of `partial[0..CUBE_DIM]` over the cube, for every unit. `partial` may be reused
/// after it returns.
#[cube]
pub fn cube_sum<F: Float>(partial: &mut Shared<[F]>) -> F {
    cube_reduce::<F>(partial, false)
}

/// The largest of `partial[0..CUBE_DIM]`, for every unit. `partial` may be reused after it
/// returns.
#[cube]
pub fn cube_max<F: Float>(partial: &mut Shared<[F]>) -> F {
    cube_reduce::<F>(partial, true)
}

/// The tree both share: pairs combined by sum, or by max when `max`.
#[cube]
fn cube_reduce<F: Float>(partial: &mut Shared<[F]>, #[comptime] max: bool) -> F {
    sync_cube();
    let mut active = CUBE_DIM;
    let mut jump = 1u32;
    while active > 1 {
        active /= 2;
        if UNIT_POS < active {
            let destination = (jump * 2 * UNIT_POS) as usize;
            let origin = (jump * (2 * UNIT_POS + 1)) as usize;
            let element = partial[origin];
            if max {
                partial[destination] = F::max(partial[destination], element);
            } else {
                partial[destination] += element;
            }
        }
        jump *= 2;
        sync_cube();
    }
    let total = partial[0];
    sync_cube();
    total
}
