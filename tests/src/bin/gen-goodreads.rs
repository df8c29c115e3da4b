//! Writes a generated Goodreads export: `gen-goodreads ROWS [SEED] > file.csv`.

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: gen-goodreads ROWS [SEED] > file.csv\n\
    Writes ROWS generated Goodreads rows; the same SEED (default 1) gives the same file.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let number = |index: usize, name: &str| -> Result<Option<u64>, String> {
        args.get(index)
            .map(|text| {
                text.parse::<u64>()
                    .map_err(|_| format!("{name} must be a whole number, not {text:?}\n{USAGE}"))
            })
            .transpose()
    };
    let parsed = (|| -> Result<(u64, u64), String> {
        if args.len() > 2 {
            return Err(format!("too many arguments\n{USAGE}"));
        }
        let rows = number(0, "ROWS")?.ok_or_else(|| USAGE.to_string())?;
        let seed = number(1, "SEED")?.unwrap_or(1);
        Ok((rows, seed))
    })();
    let (rows, seed) = match parsed {
        Ok(values) => values,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let csv = estante_tests::generate::goodreads_csv(rows as usize, seed);
    match std::io::stdout().lock().write_all(csv.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gen-goodreads: cannot write the file: {error}");
            ExitCode::FAILURE
        }
    }
}
