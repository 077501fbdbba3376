//! A headless QEMU in a temp dir: its images, its command line, and a guard that always stops it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::json;

/// The QEMU binary the test drives by default (the installed one).
pub const QEMU: &str = "qemu-system-x86_64";

/// Names another QEMU binary to drive (one unpacked, not installed: `.ci/run` unpacks QEMU 10).
pub const QEMU_ENV: &str = "QMP_EVENTS_QEMU";

/// Folders of that QEMU's firmware and option ROMs, `:`-separated, each given to it as `-L`
/// (an unpacked QEMU does not find its own `share/qemu`).
pub const QEMU_DATA_ENV: &str = "QMP_EVENTS_QEMU_DATA";

/// The QEMU binary to drive: [`QEMU_ENV`]'s, or the installed one.
fn qemu() -> std::ffi::OsString {
    std::env::var_os(QEMU_ENV).unwrap_or_else(|| QEMU.into())
}

/// Starts the machine, or `None` when QEMU is not installed, after a notice naming `test` (the
/// test file). The notice is written past the test harness's output capture (it captures
/// `eprintln!`, not writes to stderr itself), so that a skip shows in a plain `cargo test`.
/// A QEMU that [`QEMU_ENV`] names must run: it is asked for, not skipped.
pub fn start_unless_missing(test: &str) -> Option<Machine> {
    let qemu = qemu();
    if available(&qemu) {
        return Some(Machine::start());
    }
    assert!(
        std::env::var_os(QEMU_ENV).is_none(),
        "{QEMU_ENV}={} does not run",
        qemu.to_string_lossy()
    );
    // A notice that cannot be written changes nothing about the test's outcome.
    let _ = writeln!(
        std::io::stderr(),
        "{test}: skipped: {QEMU} is not installed (.ci/run installs it)"
    );
    None
}

/// Whether `program` runs at all (`--version`).
fn available(program: &std::ffi::OsStr) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// A running QEMU. Dropping it kills the process and waits for it, so that a failing
/// assertion never leaves QEMU behind.
pub struct Machine {
    child: Child,
    /// The temp dir with the images, the sockets and QEMU's log; removed after QEMU stops.
    pub dir: tempfile::TempDir,
    /// The QMP unix socket.
    pub qmp: PathBuf,
    /// A second QMP monitor's unix socket, for a watcher beside the driving client: QEMU sends
    /// every event to each monitor.
    #[allow(dead_code, reason = "only tests/qemu.rs watches")]
    pub qmp_watch: PathBuf,
    /// The unix socket a `stream` netdev listens on.
    #[allow(dead_code, reason = "only tests/qemu.rs connects to it")]
    pub netdev: PathBuf,
}

impl Machine {
    /// Makes the images and starts QEMU paused (`-S`), QMP on a unix socket in the temp dir.
    ///
    /// - `hd0`: a raw disk behind blkdebug that fails every read with EIO, on the first IDE
    ///   bus: the BIOS reads its boot sector as soon as the machine runs, so the IDE device
    ///   reports BLOCK_IO_ERROR without a guest OS.
    /// - `cd`: an empty IDE CD drive (`cd0`), for eject and DEVICE_TRAY_MOVED.
    /// - `base` ← `mid` ← `top`: a qcow2 backing chain with data in `base`, for block jobs.
    /// - `tablet`: a USB tablet, which `device_del` unplugs at once (no guest to ask).
    /// - VNC on 127.0.0.1 only, on the first free display from 0 to 99 (`query-vnc` tells).
    /// - `quorum`: a quorum of three raw files (vote threshold 2) whose first sector is A, A, B
    ///   (a read outvotes the third child) and second A, B, C (no quorum).
    /// - `corrupt`: a copy of `base` whose first L1 entry points at an unaligned L2 table, read
    ///   only; `scratch`: an empty qcow2, for writes, exports and a backup.
    /// - A pvpanic device (port 0x505) and an ib700 watchdog (0x443), both with action `none`
    ///   (reported, nothing done), and a `stream` netdev listening on a unix socket.
    pub fn start() -> Machine {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path();
        make_images(path);
        let qmp = path.join("qmp.sock");
        let qmp_watch = path.join("qmp-watch.sock");
        let netdev = path.join("netdev.sock");
        let log = fs::File::create(path.join("qemu.log")).expect("QEMU's log file");
        let mut command = Command::new(qemu());
        for data in std::env::var_os(QEMU_DATA_ENV)
            .iter()
            .flat_map(std::env::split_paths)
        {
            command.arg("-L").arg(data);
        }
        command
            .args(["-machine", "pc,accel=tcg", "-m", "64", "-display", "none"])
            .args(["-nodefaults", "-no-user-config", "-no-shutdown", "-S"])
            .args(["-boot", "order=c,reboot-timeout=60000"])
            .arg("-qmp")
            .arg(format!("unix:{},server=on,wait=off", qmp.display()))
            .arg("-qmp")
            .arg(format!("unix:{},server=on,wait=off", qmp_watch.display()))
            .args(["-device", "pvpanic", "-device", "ib700"])
            .args(["-action", "panic=none,watchdog=none"])
            .arg("-netdev")
            .arg(format!(
                "stream,id=stream,server=on,addr.type=unix,addr.path={}",
                netdev.display()
            ))
            .args(["-vnc", "127.0.0.1:0,to=99"])
            .arg("-drive")
            .arg(format!(
                "if=none,id=hd0,format=raw,file=blkdebug:{}:{}",
                path.join("blkdebug.conf").display(),
                path.join("disk.raw").display()
            ))
            .args(["-device", "ide-hd,drive=hd0,bus=ide.0,unit=0,id=disk"])
            .args(["-drive", "if=none,id=cd0,media=cdrom"])
            .args(["-device", "ide-cd,drive=cd0,bus=ide.1,unit=0,id=cd"])
            .args(["-device", "qemu-xhci,id=xhci"])
            .args(["-device", "usb-tablet,id=tablet,bus=xhci.0"]);
        for (node, backing) in [("base", None), ("mid", Some("base")), ("top", Some("mid"))] {
            let mut options = json!({
                "driver": "qcow2",
                "node-name": node,
                "file": {"driver": "file", "filename": path.join(format!("{node}.qcow2"))},
            });
            if let Some(backing) = backing {
                options["backing"] = backing.into();
            }
            command.arg("-blockdev").arg(options.to_string());
        }
        let file = |name: &str| json!({"driver": "file", "filename": path.join(name)});
        let children: Vec<serde_json::Value> = (1..=3)
            .map(|child| {
                json!({"driver": "raw", "node-name": format!("quorum-{child}"),
                       "file": file(&format!("quorum-{child}.raw"))})
            })
            .collect();
        for options in [
            json!({"driver": "quorum", "node-name": "quorum", "vote-threshold": 2,
                   "children": children}),
            json!({"driver": "qcow2", "node-name": "corrupt", "read-only": true,
                   "file": file("corrupt.qcow2")}),
            json!({"driver": "qcow2", "node-name": "scratch", "file": file("scratch.qcow2")}),
        ] {
            command.arg("-blockdev").arg(options.to_string());
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("QEMU's log file"))
            .stderr(log)
            .spawn()
            .expect("QEMU starts");
        let mut machine = Machine {
            child,
            dir,
            qmp,
            qmp_watch,
            netdev,
        };
        for socket in [machine.qmp.clone(), machine.qmp_watch.clone()] {
            machine.wait_for_socket(&socket, Duration::from_secs(30));
        }
        machine
    }

    /// QEMU's log (its stdout and stderr), for failure messages.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("qemu.log")).unwrap_or_default()
    }

    /// Waits until QEMU has exited by itself (after `quit`), at most `timeout`.
    pub fn wait_for_exit(&mut self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.child.try_wait().expect("QEMU's status").is_some() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "QEMU did not exit within {timeout:?} after quit; log:\n{}",
            self.log()
        );
    }

    /// Waits until QEMU listens on the QMP socket. The file appears when QEMU binds it, a moment
    /// before it listens: a client that connects in between is refused, so the wait is for the
    /// kernel's word that the socket listens (`/proc/net/unix`), not for the file.
    fn wait_for_socket(&mut self, socket: &Path, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !listening(socket) {
            if let Some(status) = self.child.try_wait().expect("QEMU's status") {
                panic!(
                    "QEMU exited ({status}) before opening QMP; log:\n{}",
                    self.log()
                );
            }
            assert!(
                Instant::now() < deadline,
                "QEMU opened no QMP socket within {timeout:?}; log:\n{}",
                self.log()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Whether a unix socket bound at `path` listens: its line in `/proc/net/unix` has the
/// `__SO_ACCEPTCON` flag (0x10000), which `listen` sets.
fn listening(path: &Path) -> bool {
    const ACCEPTING: u32 = 0x10000;
    let Ok(table) = std::fs::read_to_string("/proc/net/unix") else {
        // Without the table (not Linux), the file is the best sign there is.
        return path.exists();
    };
    let path = path.to_string_lossy();
    table.lines().skip(1).any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.len() >= 8
            && fields[7] == path
            && u32::from_str_radix(fields[3], 16).is_ok_and(|flags| flags & ACCEPTING != 0)
    })
}

impl Drop for Machine {
    fn drop(&mut self) {
        // Already exited after `quit` in the normal case; errors here mean it is gone.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The disk images and the blkdebug rules, made with `qemu-img`.
fn make_images(dir: &Path) {
    let raw = dir.join("base.raw");
    // Non-zero data, so that block jobs have clusters to copy and a rate limit holds them.
    fs::write(&raw, vec![0xab_u8; 4 << 20]).expect("the base image's data");
    qemu_img(
        &["convert", "-q", "-f", "raw", "-O", "qcow2"],
        &[&raw, &dir.join("base.qcow2")],
    );
    for (image, backing) in [("mid", "base"), ("top", "mid")] {
        qemu_img(
            &["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b"],
            &[
                &dir.join(format!("{backing}.qcow2")),
                &dir.join(format!("{image}.qcow2")),
            ],
        );
    }
    // The disk behind blkdebug: 1 MiB of zeros, raw, written (not a hole: a block job reads
    // what is allocated, and skips holes as zeros without reading them).
    fs::write(dir.join("disk.raw"), vec![0_u8; 1 << 20]).expect("the blkdebug disk");
    corrupt_copy(&dir.join("base.qcow2"), &dir.join("corrupt.qcow2"));
    qemu_img(
        &["create", "-q", "-f", "qcow2"],
        &[&dir.join("scratch.qcow2"), Path::new("4M")],
    );
    // The quorum's children: sector 0 is A, A, B; sector 1 is A, B, C; the rest zeros.
    for (child, sectors) in [(1, b"AA"), (2, b"AB"), (3, b"BC")] {
        let mut data: Vec<u8> = sectors.iter().flat_map(|&byte| [byte; 512]).collect();
        data.resize(1 << 20, 0);
        fs::write(dir.join(format!("quorum-{child}.raw")), data).expect("a quorum child");
    }
    let mut rules = fs::File::create(dir.join("blkdebug.conf")).expect("blkdebug's rules");
    // Every read of the raw disk fails with EIO (5); the raw format driver raises read_aio.
    writeln!(rules, "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"")
        .expect("blkdebug's rules");
}

/// Copies the qcow2 image `from` to `to` with its first L1 entry pointing 512 bytes past its
/// L2 table: unaligned, which qcow2 reports as corruption (BLOCK_IMAGE_CORRUPTED) on a read.
fn corrupt_copy(from: &Path, to: &Path) {
    let mut image = fs::read(from).expect("the qcow2 image");
    // The header's l1_table_offset, big-endian, at byte 40.
    let at = |bytes: &[u8], offset: usize| {
        u64::from_be_bytes(bytes[offset..offset + 8].try_into().expect("8 bytes"))
    };
    let l1 = usize::try_from(at(&image, 40)).expect("an offset in memory");
    let entry = at(&image, l1);
    assert_ne!(
        entry,
        0,
        "the first L1 entry of {} is allocated",
        from.display()
    );
    image[l1..l1 + 8].copy_from_slice(&(entry + 512).to_be_bytes());
    fs::write(to, image).expect("the corrupt image");
}

fn qemu_img(args: &[&str], paths: &[&Path]) {
    let output = Command::new("qemu-img")
        .args(args)
        .args(paths)
        .output()
        .expect("qemu-img runs (package qemu-utils)");
    assert!(
        output.status.success(),
        "qemu-img {args:?} {paths:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
