fn main() {
    let src_dir = std::path::Path::new("src");
    let mut build = cc::Build::new();
    build
        .std("c11")
        .include(src_dir)
        .warnings(false)
        // The generated tables are large; -O1 compiles several times faster than -O2
        // and parses at nearly the same speed.
        .opt_level(1)
        .file(src_dir.join("parser.c"))
        .file(src_dir.join("scanner.c"));
    for file in ["parser.c", "scanner.c"] {
        println!("cargo:rerun-if-changed=src/{file}");
    }
    build.compile("tree-sitter-secint-sql");
}
