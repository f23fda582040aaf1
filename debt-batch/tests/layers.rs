//! The crate's modules are layered and every dependency points down: a
//! module may use modules of its own layer's lower layers only (and the
//! stages, in the order they run). This test reads the sources and fails on
//! any `crate::` path that points up, so a circle cannot come back.

use std::collections::BTreeMap;
use std::path::Path;

/// Each top-level module and its layer, bottom first. Stages are ordered
/// among themselves: a stage may use an earlier one, never a later one.
const LAYERS: &[(&str, u32)] = &[
    ("records", 0),
    ("parse", 0),
    ("progress", 0),
    ("hooks", 0),
    ("error", 1),
    ("config", 2),
    ("read", 3),
    ("ingest", 10),
    ("positions", 11),
    ("reconcile", 12),
    ("matching", 13),
    ("view", 14),
    ("result", 20),
    ("output", 30),
    ("evaluate", 31),
    ("show", 31),
    ("run", 40),
];

fn layer(module: &str) -> u32 {
    LAYERS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| panic!("module {module} has no layer in tests/layers.rs: give it one"))
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut upward: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let own = layer(&module);
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let used: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if used.is_empty() || used == module {
                continue;
            }
            if layer(&used) >= own {
                upward
                    .entry(relative.display().to_string())
                    .or_default()
                    .push(used);
            }
        }
    }
    for list in upward.values_mut() {
        list.sort();
        list.dedup();
    }
    assert!(
        upward.is_empty(),
        "these files use modules of their own layer or above (see LAYERS): {upward:#?}"
    );
}
