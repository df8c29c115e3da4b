//! Real processes for the fault tests: the `estante-server` binary and a PostgreSQL
//! cluster that one test owns, so it can stop and kill them without disturbing the
//! shared test cluster.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// Returns the `estante-server` binary that cargo built next to the test binaries.
///
/// `cargo test --workspace` builds it, because the backend's own integration tests
/// need it. Running only this crate's tests needs
/// `cargo build -p estante-backend --bin estante-server` first.
pub fn server_binary() -> PathBuf {
    let test_binary = std::env::current_exe().unwrap();
    let profile_dir = test_binary.parent().unwrap().parent().unwrap();
    let binary = profile_dir.join("estante-server");
    assert!(
        binary.exists(),
        "{} is missing; build it with `cargo build -p estante-backend --bin estante-server`",
        binary.display()
    );
    binary
}

/// Returns a TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `estante-server` with the arguments and returns its standard output, or
/// panics with its standard error.
pub fn run_server_command(database: &str, args: &[&str], stdin: Option<&str>) -> String {
    use std::io::Write;

    let mut child = Command::new(server_binary())
        .arg("--database")
        .arg(database)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        writeln!(input, "{text}").unwrap();
    }
    drop(input);
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "estante-server {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Creates a user with `estante-server user add` and returns its bearer token.
pub fn add_user_with_cli(database: &str, name: &str) -> String {
    run_server_command(database, &["user", "add", name], None)
        .trim()
        .to_string()
}

/// An `estante-server serve` process on 127.0.0.1, killed when dropped. Its log goes
/// to a file, so a chatty server never blocks on a full pipe.
#[derive(Debug)]
pub struct ServerProcess {
    pub base: String,
    pub port: u16,
    database: String,
    dir: PathBuf,
    log_path: PathBuf,
    child: Option<Child>,
    /// How many times this server was started, which names its log files.
    starts: u32,
}

impl ServerProcess {
    /// Starts a server on `port` (0 picks one) with its log and blobs under `dir`,
    /// and waits until it listens. It may still be migrating.
    pub fn start(database: &str, port: u16, dir: &Path) -> Self {
        let mut server = Self::launch(database, port, dir);
        server.wait_listening();
        server
    }

    /// Starts a server like [`Self::start`] without waiting for it, so several can
    /// start at the same moment; [`Self::wait_listening`] waits.
    pub fn launch(database: &str, port: u16, dir: &Path) -> Self {
        let mut server = Self {
            base: String::new(),
            port,
            database: database.to_string(),
            dir: dir.to_path_buf(),
            log_path: PathBuf::new(),
            child: None,
            starts: 0,
        };
        server.spawn();
        server
    }

    fn spawn(&mut self) {
        self.starts += 1;
        self.log_path = self.dir.join(format!("server-{}.log", self.starts));
        let log = std::fs::File::create(&self.log_path).unwrap();
        let child = Command::new(server_binary())
            .arg("--database")
            .arg(&self.database)
            .arg("--blob-store")
            .arg(self.dir.join("blobs"))
            .args(["serve", "--listen", &format!("127.0.0.1:{}", self.port)])
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
    }

    /// Waits until the server listens and stores its address.
    pub fn wait_listening(&mut self) {
        let address = self.wait_for_log("address=", Duration::from_secs(30));
        let address = address
            .split("address=")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_string();
        self.port = address.rsplit(':').next().unwrap().parse().unwrap();
        self.base = format!("http://{address}");
    }

    /// Waits until a line of the current log contains `needle` and returns that line,
    /// or panics with the log when the server exits or `timeout` passes.
    pub fn wait_for_log(&mut self, needle: &str, timeout: Duration) -> String {
        let started = Instant::now();
        loop {
            let log = self.log();
            if let Some(line) = log.lines().find(|line| line.contains(needle)) {
                return line.to_string();
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("the server exited ({status}) before logging {needle:?}:\n{log}");
            }
            assert!(
                started.elapsed() < timeout,
                "the server did not log {needle:?} within {timeout:?}:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Returns the log of the current run.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Sends SIGKILL, as a crash or the OOM killer would, and reaps the process.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// Sends SIGTERM and waits for the graceful shutdown; returns whether the process
    /// exited with status 0.
    pub fn terminate(&mut self) -> bool {
        let Some(mut child) = self.child.take() else {
            return false;
        };
        let signalled = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(signalled.success());
        child.wait().unwrap().success()
    }

    /// Starts the server again on the same port after [`Self::kill9`] or
    /// [`Self::terminate`].
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "stop the server before restarting it");
        self.spawn();
        self.wait_listening();
    }

    /// Polls `/readyz` until it returns `status`, and returns how long that took.
    pub async fn wait_for_readyz(&self, status: u16, timeout: Duration) -> Duration {
        wait_for_status(&format!("{}/readyz", self.base), status, timeout).await
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Polls `url` until it returns `status` and returns how long that took, or panics
/// after `timeout` with the last status or connection error.
pub async fn wait_for_status(url: &str, status: u16, timeout: Duration) -> Duration {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    loop {
        let last = match http.get(url).send().await {
            Ok(response) if response.status() == status => return started.elapsed(),
            Ok(response) => response.status().to_string(),
            Err(error) => error.to_string(),
        };
        assert!(
            started.elapsed() < timeout,
            "{url} did not return {status} within {timeout:?}; last: {last}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A PostgreSQL cluster on 127.0.0.1 that belongs to one test, which may stop and
/// start it. Dropping it stops the server and removes its files.
#[derive(Debug)]
pub struct PgCluster {
    pub port: u16,
    bin: PathBuf,
    dir: TempDir,
    /// Whether the server takes TLS connections only, as Amazon RDS does by default.
    tls_only: bool,
}

impl PgCluster {
    /// Creates and starts a cluster with `initdb` and `pg_ctl` from the newest
    /// `/usr/lib/postgresql/*/bin`, else from `PATH`, as `scripts/lib/postgres.sh`
    /// does. As root, the cluster runs as the `postgres` user, because `initdb`
    /// rejects root.
    pub fn start() -> Self {
        let cluster = Self::init(false);
        cluster.start_server();
        cluster
    }

    /// Creates and starts a cluster that refuses connections without TLS, as Amazon
    /// RDS for PostgreSQL does with its default `rds.force_ssl`. Its certificate is
    /// for 127.0.0.1 and signed by a new certificate authority, whose certificate is
    /// at the returned path.
    pub fn start_tls_only() -> (Self, PathBuf) {
        let cluster = Self::init(true);
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(rcgen::DnType::CommonName, "estante test authority");
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let server_key = rcgen::KeyPair::generate().unwrap();
        let server = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
        let server_cert = server.signed_by(&server_key, &ca_cert, &ca_key).unwrap();

        let data = PathBuf::from(cluster.data_dir());
        let ca_path = cluster.dir.path().join("authority.pem");
        std::fs::write(&ca_path, ca_cert.pem()).unwrap();
        std::fs::write(data.join("server.crt"), server_cert.pem()).unwrap();
        std::fs::write(data.join("server.key"), server_key.serialize_pem()).unwrap();
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\n\
             hostssl all all 127.0.0.1/32 trust\n\
             hostnossl all all 127.0.0.1/32 reject\n",
        )
        .unwrap();
        // PostgreSQL refuses a key that others can read, and runs as `postgres`.
        std::fs::set_permissions(
            data.join("server.key"),
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        if running_as_root() {
            for file in ["server.crt", "server.key", "pg_hba.conf"] {
                let status = Command::new("chown")
                    .arg("postgres:")
                    .arg(data.join(file))
                    .status()
                    .unwrap();
                assert!(status.success(), "chown postgres: {file} failed");
            }
        }
        cluster.start_server();
        (cluster, ca_path)
    }

    fn init(tls_only: bool) -> Self {
        let bin = postgres_bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("estante-faults-pg")
            .tempdir()
            .unwrap();
        if running_as_root() {
            let status = Command::new("chown")
                .arg("postgres:")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown postgres: failed");
        }
        let cluster = Self {
            port: free_port(),
            bin,
            dir,
            tls_only,
        };
        let data = cluster.data_dir();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-locale",
            ],
        );
        cluster
    }

    fn data_dir(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn run(&self, program: &str, args: &[&str]) {
        let program = self.bin.join(program);
        let mut command = if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&program);
            command
        } else {
            Command::new(&program)
        };
        let output = command.args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{} {args:?} failed: {}{}",
            program.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Starts the PostgreSQL server and waits until it accepts connections.
    pub fn start_server(&self) {
        let mut options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off -c max_connections=200",
            self.port,
            self.dir.path().display()
        );
        if self.tls_only {
            options.push_str(" -c ssl=on");
        }
        let log = self.dir.path().join("server.log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data_dir(),
                "-l",
                &log,
                "-w",
                "-o",
                &options,
                "start",
            ],
        );
    }

    /// Stops the PostgreSQL server with `pg_ctl stop -m fast`: sessions are
    /// disconnected and open transactions roll back.
    pub fn stop_fast(&self) {
        self.run(
            "pg_ctl",
            &["-D", &self.data_dir(), "-w", "-m", "fast", "stop"],
        );
    }

    /// Returns the URL of database `name` on this cluster.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let program = self.bin.join("pg_ctl");
        let data = self.data_dir();
        let args = ["-D", data.as_str(), "-m", "immediate", "stop"];
        let _ = if running_as_root() {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&program)
                .args(args)
                .output()
        } else {
            Command::new(&program).args(args).output()
        };
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|output| output.stdout.trim_ascii() == b"0")
        .unwrap_or(false)
}

fn postgres_bin_dir() -> PathBuf {
    let mut newest: Option<(u32, PathBuf)> = None;
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        for entry in entries.flatten() {
            let version = entry.file_name().to_string_lossy().parse::<u32>();
            let bin = entry.path().join("bin");
            if let Ok(version) = version
                && bin.join("initdb").exists()
                && newest.as_ref().is_none_or(|(best, _)| version > *best)
            {
                newest = Some((version, bin));
            }
        }
    }
    if let Some((_, bin)) = newest {
        return bin;
    }
    let found = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
        .unwrap();
    let path = String::from_utf8(found.stdout).unwrap();
    assert!(
        !path.trim().is_empty(),
        "PostgreSQL server binaries (initdb, pg_ctl) are missing; install them with \
         `apt-get install -y postgresql`"
    );
    Path::new(path.trim()).parent().unwrap().to_path_buf()
}
