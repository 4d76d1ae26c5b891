//! Starts the Brud form (see the library for everything else).

fn main() {
    brud_app::mount();
}
