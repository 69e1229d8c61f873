//! An empty Tauri 2 app: one window, one static page, the defaults of `tauri init`. The start-up
//! benchmark (`bench/startup.mjs`) measures the wallet against it. Its one addition is the
//! measurement hook the wallet has too: the page reports when it is painted, and the app
//! prints `painted page <unix-ms>`.

#[tauri::command]
fn painted() {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis());
    println!("painted page {millis}");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!())
        .expect("the empty app runs");
}
