//! The `kindred` command line: a thin layer over the core crate.

fn main() -> anyhow::Result<()> {
    anyhow::bail!("no commands yet")
}
