//! Prints how long one full re-check takes (native), and how many allocations it makes, for the filled national
//! report with last year's loaded, for the same report with 100,000 characters of prose in 一、总体情况, and for the
//! seed. Run by scripts/bench.sh; figures only, no assertions.

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

/// About `characters` characters of the prose of real reports (总体情况), figures varied from paragraph to paragraph;
/// the figure the format checks against the table is the table's (新收政府信息公开申请188件).
fn report_prose(characters: usize) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.chars().count() < characters {
        let n = |k: usize| 17 + (i * 37 + k * 11) % 900;
        text.push_str(&format!(
            "{}年，{}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，\
             认真落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，不断提升政务公开质量和实效。\n\
             （一）主动公开。全年通过政府门户网站主动公开政府信息{}条，其中政策文件{}条，规划计划{}条，财政预决算信息{}条。\
             开展政策解读{}篇，其中图解、视频等多样化解读{}篇。\n\
             （二）依申请公开。全年新收政府信息公开申请188件，均在法定期限内答复。进一步规范申请受理、登记、审核、答复等环节。\n\
             （三）监督保障。组织开展政务公开专题培训{}次，参加培训工作人员{}余名，对发现的问题及时整改到位。\n",
            2025 - i % 5,
            // The unit named in full every other paragraph, as published reports do (the same_unit rule reads it).
            ["本机关", "示例区人民政府办公室"][i % 2],
            n(1),
            n(2),
            n(3),
            n(4),
            n(5),
            n(6),
            n(7) % 30,
            n(8)
        ));
        i += 1;
    }
    text.chars().take(characters).collect()
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
    let mut long = this_year.clone();
    let overview = national.section_index("overview").unwrap();
    long.set_section(overview, &report_prose(100_000));
    let long_check = || black_box(check_with_previous(national, black_box(&long), previous));
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
        "check_national_long_section {:.2} µs (100,000 characters in 一、总体情况, unchanged since the last check)",
        median_micros(|| {
            long_check();
        })
    );
    println!(
        "check_national_long_section_allocations {}",
        allocations(|| {
            long_check();
        })
    );
    // The budget case natively: a figure cell's keystroke (the whole re-check) with 10,000 characters of
    // narrative, the text unchanged since the last check.
    let mut ten = this_year.clone();
    ten.set_section(overview, &report_prose(10_000));
    let ten_check = || black_box(check_with_previous(national, black_box(&ten), previous));
    ten_check();
    println!(
        "check_national_10k_narrative {:.2} µs (full re-check after a cell's keystroke, 10,000 characters in 一、总体情况)",
        median_micros(|| {
            ten_check();
        })
    );
    // A keystroke in the narrative: the text changes, so every narrative rule reads it again (the figures of an
    // unchanged text are kept, which the two lines above measure). 10,000 characters is the budget case.
    for characters in [10_000, 100_000] {
        let prose = report_prose(characters);
        let mut typing = this_year.clone();
        let mut flip = false;
        println!(
            "check_national_text_changed_{}k {:.2} µs (the section set to a new text, then checked)",
            characters / 1000,
            median_micros(|| {
                flip = !flip;
                // Two texts in turn, so that each call's text is a new version.
                let text = if flip { &prose[..] } else { &prose[..prose.len() - 3] };
                typing.set_section(overview, text);
                black_box(check_with_previous(national, black_box(&typing), previous));
            })
        );
    }
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
