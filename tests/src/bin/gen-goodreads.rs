//! Writes a generated Goodreads export: `gen-goodreads ROWS [SEED] > file.csv`.

use std::io::Write;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let rows: usize = match args.next() {
        Some(text) => text.parse()?,
        None => anyhow::bail!("usage: gen-goodreads ROWS [SEED]"),
    };
    let seed: u64 = args
        .next()
        .map(|text| text.parse())
        .transpose()?
        .unwrap_or(1);
    let csv = estante_tests::generate::goodreads_csv(rows, seed);
    std::io::stdout().lock().write_all(csv.as_bytes())?;
    Ok(())
}
