//! Browser entry point: mounts the app over the boot shell.

fn main() {
    frontend::start();
}
