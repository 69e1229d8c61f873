//! What the app's process sets up first thing in `main`, before GTK or WebKit start.

/// No core dump, ever, and no other process of the user's may read this one's memory.
///
/// The release profile aborts on panic, and an abort would otherwise leave the keys it held in
/// a core file (or in systemd-coredump's journal). `RLIMIT_CORE` 0 stops the kernel writing one;
/// `PR_SET_DUMPABLE` 0 also stops a core pattern pipe and `ptrace` attach by the user's other
/// processes. Child processes (WebKit's) start from `exec` and are dumpable again: they never
/// hold a key.
#[cfg(target_os = "linux")]
pub fn forbid_core_dumps() -> std::io::Result<()> {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls with a valid pointer to a local.
    if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: PR_SET_DUMPABLE takes one integer argument.
    if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Elsewhere the platform's own defaults apply (no core files for GUI apps by default).
#[cfg(not(target_os = "linux"))]
pub fn forbid_core_dumps() -> std::io::Result<()> {
    Ok(())
}

/// Makes every file this process and its children create private to the user (umask `077`).
///
/// The app's own files get their modes explicitly (`wallet_core::private_files`); this also
/// covers what WebKit writes into the same data directory (its HSTS store, caches), which
/// otherwise follows the login's usual umask `022` and is readable by every local account.
#[cfg(unix)]
pub fn keep_new_files_private() {
    // SAFETY: umask cannot fail; it only swaps the process's mask.
    unsafe {
        libc::umask(0o077);
    }
}

#[cfg(not(unix))]
pub fn keep_new_files_private() {}

/// WebKit's switches for how the webview runs, each set only where the user has not set it:
/// JavaScript without its JIT compilers (the screens' script is small, and a JIT is the largest
/// attack surface of a JavaScript engine), and drawing in software from the web process's first
/// frame (`webview.rs` also sets that policy through the settings API, which alone leaves the
/// web process about 5 MiB larger). Idle PSS of the app and its WebKit processes under Xvfb:
/// 215 MiB with `BENCH_WALLET_ENV='JSC_useJIT=true WEBKIT_DISABLE_COMPOSITING_MODE=0
/// WEBKIT_DISABLE_DMABUF_RENDERER=0'`, 201 MiB without (`scripts/bench-startup.sh`). Must run
/// while the process has one thread; WebKit's processes inherit the environment.
pub fn set_webkit_environment() {
    for (name, value) in [
        ("JSC_useJIT", "false"),
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
        ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ] {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

/// Keeps the graphics driver out of the app's own process, where nothing draws with it.
///
/// The app draws in software (`set_webkit_environment`), yet two callers load Mesa's driver,
/// and with it LLVM, into the UI process: GDK probes GLX when it opens the display, and
/// WebKitGTK 2.50 opens an EGL display while it builds the web view. Under Xvfb's llvmpipe that
/// is about 24 MiB of the process's PSS (`scripts/bench-startup.sh`). Neither is used: the UI
/// process only shows the frames the web process draws. So GDK's GL is turned off
/// (`GDK_GL=disable`, unless the user set `GDK_GL`), and the first EGL call here is made with an
/// empty vendor list: libglvnd reads `__EGL_VENDOR_LIBRARY_FILENAMES` once, at that call, and
/// keeps its answer (no vendor) for the rest of the process. That variable is removed again at
/// once, so the web process, which draws the page and aborts without a display, finds its driver
/// as usual. A user who set it keeps it. Only on X11, where it is tested (`tests/installed`); a
/// Wayland session keeps WebKit's defaults. Must run while the process has one thread, before
/// GTK and WebKit.
#[cfg(target_os = "linux")]
pub fn keep_graphics_driver_out_of_ui_process() {
    const VENDORS: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    let x11_backend = std::env::var("GDK_BACKEND").is_ok_and(|backend| backend.starts_with("x11"));
    if set("WAYLAND_DISPLAY") && !x11_backend {
        return;
    }
    if std::env::var_os("GDK_GL").is_none() {
        std::env::set_var("GDK_GL", "disable");
    }
    if std::env::var_os(VENDORS).is_some() {
        return;
    }
    std::env::set_var(VENDORS, "/dev/null");
    // SAFETY: dlopen and dlsym with NUL-terminated names; eglQueryString has this C signature
    // (EGLDisplay, EGLint) -> const char*, and EGL_NO_DISPLAY (null) with EGL_EXTENSIONS asks
    // only for the client extensions. The library stays loaded: WebKit uses the same one.
    unsafe {
        let library = libc::dlopen(c"libEGL.so.1".as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL);
        if !library.is_null() {
            let symbol = libc::dlsym(library, c"eglQueryString".as_ptr());
            if !symbol.is_null() {
                type QueryString =
                    unsafe extern "C" fn(*mut libc::c_void, i32) -> *const libc::c_char;
                const EGL_EXTENSIONS: i32 = 0x3055;
                let query: QueryString = std::mem::transmute(symbol);
                query(std::ptr::null_mut(), EGL_EXTENSIONS);
            }
        }
    }
    std::env::remove_var(VENDORS);
}

#[cfg(not(target_os = "linux"))]
pub fn keep_graphics_driver_out_of_ui_process() {}

/// Removes `NO_AT_BRIDGE` if the app inherited it.
///
/// Chromium sets `NO_AT_BRIDGE=1` for itself and every program it starts, so a wallet opened by
/// a link clicked in Chromium would load no accessibility bridge: a screen reader would find no
/// window at all. The user's session never sets it on purpose for one app. Must run while the
/// process has one thread (before GTK, WebKit or the async runtime start).
pub fn drop_inherited_no_at_bridge() {
    if std::env::var_os("NO_AT_BRIDGE").is_some() {
        std::env::remove_var("NO_AT_BRIDGE");
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn after_forbidding_core_dumps_there_is_no_core_limit_and_no_dumpability() {
        super::forbid_core_dumps().unwrap();
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: a valid pointer to a local.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) }, 0);
        assert_eq!((limit.rlim_cur, limit.rlim_max), (0, 0));
        // SAFETY: PR_GET_DUMPABLE takes no argument and returns the flag.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }
}
