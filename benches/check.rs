//! Prints how long one full re-check takes (native), and how many allocations it makes, for the filled national
//! report with last year's loaded, and for the seed. Run by scripts/bench.sh; figures only, no assertions.

use nianbao::check::{check, check_with_previous, Previous};
use nianbao::templates;
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Median time of one call, in microseconds, over batches of calls.
fn median_micros(mut run: impl FnMut()) -> f64 {
    const BATCH: u32 = 200;
    let mut samples: Vec<f64> = (0..51)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..BATCH {
                run();
            }
            start.elapsed().as_secs_f64() * 1e6 / f64::from(BATCH)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn allocations(run: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    run();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

fn main() {
    let (national, this_year) = templates::read_report(include_str!(
        "../examples/reports/national-2025-example.json"
    ))
    .unwrap();
    let (_, last_year) = templates::read_report(include_str!(
        "../examples/reports/national-2024-example.json"
    ))
    .unwrap();
    let previous = Some(Previous {
        template: national,
        report: &last_year,
    });
    let (legacy, seed) =
        templates::read_report(include_str!("../examples/reports/yiyuan-2011.json")).unwrap();

    let national_check = || {
        black_box(check_with_previous(
            national,
            black_box(&this_year),
            previous,
        ))
    };
    let seed_check = || black_box(check(legacy, black_box(&seed)));
    national_check();

    println!(
        "check_national_filled {:.2} µs (budget 20 µs; {} cells, {} rules)",
        median_micros(|| {
            national_check();
        }),
        national.cells().len(),
        national.rules.len()
    );
    println!(
        "check_national_filled_allocations {}",
        allocations(|| {
            national_check();
        })
    );
    println!(
        "check_seed {:.2} µs",
        median_micros(|| {
            seed_check();
        })
    );
    println!(
        "check_seed_allocations {}",
        allocations(|| {
            seed_check();
        })
    );
}
