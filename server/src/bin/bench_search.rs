//! Search benchmark: latency (p50, p99) and throughput of catalogue search,
//! server-side, on the real catalogue and on a generated one of 50,000.
//!
//! Run: `cargo run --release -p server --bin bench-search [-- SIZE...]`
//! Results for this project's machines are in BENCHMARKS.md.

use app::search::{SearchParams, SearchQuery};
use server::procedures::{catalogue::Catalogue, import, store, synonyms::Synonyms};
use std::path::Path;
use std::time::{Duration, Instant};

/// What people type, with and without diacritics, colloquial, misspelt, filtered.
const QUERIES: &[(&str, &str)] = &[
    ("đăng ký khai sinh", ""),
    ("dang ky khai sinh", ""),
    ("dang ki ket hon", ""),
    ("ket hom", ""),
    ("sổ đỏ", ""),
    ("ho khau", ""),
    ("xin phep xay nha", ""),
    ("ly lich tu phap", ""),
    ("cấp giấy phép", "level=province"),
    ("chung thuc ban sao", "subject=individual"),
    ("thanh lap doanh nghiep", "subject=organisation"),
    ("dat dai", "service_level=full"),
    ("", "field=ho-tich"),
    ("", ""),
    ("1.001193", ""),
    ("giay phep lai xe", ""),
    ("bao hiem", "level=commune"),
    ("thue", ""),
];

fn params(q: &str, filters: &str) -> SearchParams {
    let mut p = SearchParams {
        q: Some(q.to_owned()),
        ..Default::default()
    };
    for pair in filters.split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap();
        let v = Some(v.to_owned());
        match k {
            "level" => p.level = v,
            "subject" => p.subject = v,
            "service_level" => p.service_level = v,
            "field" => p.field = v,
            _ => unreachable!(),
        }
    }
    p
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn catalogue_of(size: usize, dir: &Path) -> anyhow::Result<Catalogue> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let real = import::read_catalogue(&data)?;
    let provinces = import::read_provinces(&data)?;
    // Beyond the real catalogue, provincial variants of real procedures:
    // real texts, new codes and names, as a province's own catalogue has.
    let records: Vec<_> = (0..size.max(real.len()))
        .map(|i| {
            let mut r = real[i % real.len()].clone();
            if i >= real.len() {
                let p = &provinces[i % provinces.len()];
                r.code = format!("{}.G{i:05}", r.code);
                r.name = format!("{} (áp dụng tại {})", r.name, p.short_name);
            }
            r
        })
        .take(size)
        .collect();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.join(format!("bench-{size}.db")).display()
    );
    let db = server::db::connect(&url).await?;
    store::import_records(&db, &records, &provinces, &Default::default()).await?;
    let entries = store::load_entries(&db).await?;
    let synonyms = Synonyms::load(&data.join("synonyms.tsv"));
    let started = Instant::now();
    let c = Catalogue::build(entries, synonyms)?;
    println!("  index built in {} ms", started.elapsed().as_millis());
    Ok(c)
}

fn run(c: &Catalogue, rounds: usize) {
    let queries: Vec<SearchQuery> = QUERIES
        .iter()
        .map(|(q, f)| SearchQuery::parse(&params(q, f)).unwrap())
        .collect();
    for q in &queries {
        c.search(q).expect("warm-up");
    }
    let mut times = Vec::with_capacity(rounds * queries.len());
    for _ in 0..rounds {
        for q in &queries {
            let t = Instant::now();
            std::hint::black_box(c.search(q).unwrap());
            times.push(t.elapsed());
        }
    }
    times.sort();
    println!(
        "  latency over {} searches: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let deadline = Instant::now() + Duration::from_secs(5);
    let done: usize = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let queries = &queries;
                s.spawn(move || {
                    let mut n = 0;
                    while Instant::now() < deadline {
                        std::hint::black_box(c.search(&queries[(n + t) % queries.len()]).unwrap());
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    println!(
        "  throughput on {threads} threads: {:.0} searches/s",
        done as f64 / 5.0
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![2849, 50_000]
    } else {
        sizes
    };
    let dir = tempfile_dir()?;
    for size in sizes {
        println!("catalogue of {size} procedures");
        let c = catalogue_of(size, &dir).await?;
        run(&c, if size > 10_000 { 20 } else { 100 });
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let d = std::env::temp_dir().join(format!("portal-bench-{}", std::process::id()));
    std::fs::create_dir_all(&d)?;
    Ok(d)
}
