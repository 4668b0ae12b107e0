//! The stylesheet must not restyle a portal page that mounts the app (docs/embedding.md): no rule may select the
//! document as a whole (`:root`, `html`, `body`, `*`) or bare elements, except under the app's own classes.
#![cfg(not(target_arch = "wasm32"))]

/// The selectors of every style rule, inside @media blocks too.
fn selectors(css: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);

    let mut found = Vec::new();
    let mut depth_blocks: Vec<bool> = Vec::new(); // true for an @-rule block, whose content holds rules
    let mut prelude = String::new();
    for c in text.chars() {
        match c {
            '{' => {
                let head = prelude.trim().to_owned();
                let at_rule = head.starts_with('@');
                let inside_rule = depth_blocks.last().is_some_and(|&at| !at);
                if !at_rule && !inside_rule {
                    found.extend(head.split(',').map(|s| s.trim().to_owned()));
                }
                depth_blocks.push(at_rule);
                prelude.clear();
            }
            '}' => {
                depth_blocks.pop();
                prelude.clear();
            }
            ';' => prelude.clear(),
            _ => prelude.push(c),
        }
    }
    found
}

fn is_scoped(selector: &str) -> bool {
    let first = selector.split_whitespace().next().unwrap_or("");
    let global = [":root", "html", "body", "*"].iter().any(|g| {
        first == *g || first.starts_with(&format!("{g}:")) || first.starts_with(&format!("{g}["))
    });
    if first.starts_with("body.nianbao-page") || first.starts_with(".nianbao") {
        return true;
    }
    // A compound starting with a class (`.stats`) or an element with a class (`input.figure`) is scoped enough;
    // a bare element (`table`, `input`) would restyle the host page.
    !global && first.contains('.')
}

#[test]
fn no_rule_restyles_the_host_page() {
    let css =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/style/main.css")).unwrap();
    let all = selectors(&css);
    assert!(all.len() > 20, "parsed too few selectors: {all:?}");
    let unscoped: Vec<_> = all.iter().filter(|s| !is_scoped(s)).collect();
    assert!(
        unscoped.is_empty(),
        "selectors that would restyle a portal page: {unscoped:?}"
    );
}

#[test]
fn the_checker_of_scope_catches_global_selectors() {
    let css = ":root { --a: 1; } body { margin: 0 } @media print { table { x: y } .ok td { a: b } } .fine, input { }";
    let bad: Vec<_> = selectors(css)
        .into_iter()
        .filter(|s| !is_scoped(s))
        .collect();
    assert_eq!(bad, [":root", "body", "table", "input"]);
}
