//! The merge rules, over in-memory maps: BASE, NEW and the service's tree.

use super::*;

fn map(files: &[(&str, &str)]) -> FileMap {
    files
        .iter()
        .map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec()))
        .collect()
}

fn one(plan: &Plan, path: &str) -> Step {
    let steps: Vec<_> = plan.steps.iter().filter(|s| s.path == path).collect();
    assert_eq!(steps.len(), 1, "one step for {path} in {plan:#?}");
    steps[0].clone()
}

fn written(step: &Step) -> String {
    match &step.effect {
        Effect::Write(bytes) => String::from_utf8(bytes.clone()).expect("text"),
        other => panic!("{} is not written: {other:?}", step.path),
    }
}

const CI: &str = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test\n";

#[test]
fn nothing_changed_anywhere_is_an_empty_plan() {
    let files = map(&[("a.txt", "a\n"), ("b.txt", "b\n")]);
    let plan = plan(&files, &files, &files);
    assert_eq!(plan, Plan::default());
    assert!(!plan.has_conflicts());
}

#[test]
fn a_file_the_service_never_changed_takes_the_new_template() {
    let base = map(&[("ci.yml", CI)]);
    let new = map(&[("ci.yml", &CI.replace("ubuntu-latest", "ubuntu-24.04"))]);
    let plan = plan(&base, &new, &base);
    let step = one(&plan, "ci.yml");
    assert_eq!(step.outcome, Outcome::Replaced);
    assert_eq!(written(&step), CI.replace("ubuntu-latest", "ubuntu-24.04"));
}

#[test]
fn a_file_only_the_service_changed_is_kept() {
    let base = map(&[("ci.yml", CI)]);
    let tree = map(&[("ci.yml", &CI.replace("cargo test", "cargo nextest run"))]);
    let plan = plan(&base, &base, &tree);
    let step = one(&plan, "ci.yml");
    assert_eq!(
        (step.outcome, step.effect),
        (Outcome::Kept, Effect::Nothing)
    );
    assert_eq!(step.note.as_deref(), Some(NOTE_ONLY_HERE));
}

#[test]
fn a_file_the_service_deleted_and_the_template_left_alone_stays_deleted() {
    let base = map(&[("a.txt", "a\n")]);
    let plan = plan(&base, &base, &FileMap::new());
    let step = one(&plan, "a.txt");
    assert_eq!(
        (step.outcome, step.effect),
        (Outcome::Kept, Effect::Nothing)
    );
    assert_eq!(step.note.as_deref(), Some(NOTE_DELETED_HERE));
}

#[test]
fn changes_on_different_lines_are_merged() {
    let base = map(&[("ci.yml", CI)]);
    let new = map(&[("ci.yml", &CI.replace("ubuntu-latest", "ubuntu-24.04"))]);
    let tree = map(&[("ci.yml", &CI.replace("cargo test", "cargo nextest run"))]);
    let plan = plan(&base, &new, &tree);
    let step = one(&plan, "ci.yml");
    assert_eq!(step.outcome, Outcome::Merged);
    assert_eq!(
        written(&step),
        CI.replace("ubuntu-latest", "ubuntu-24.04")
            .replace("cargo test", "cargo nextest run")
    );
    assert!(!plan.has_conflicts());
}

#[test]
fn changes_to_the_same_line_conflict_with_both_sides_in_markers() {
    let base = map(&[("ci.yml", CI)]);
    let new = map(&[("ci.yml", &CI.replace("ubuntu-latest", "ubuntu-24.04"))]);
    let tree = map(&[("ci.yml", &CI.replace("ubuntu-latest", "self-hosted"))]);
    let plan = plan(&base, &new, &tree);
    let step = one(&plan, "ci.yml");
    assert_eq!(step.outcome, Outcome::Conflict);
    assert_eq!(step.note.as_deref(), Some(NOTE_MARKERS));
    let text = written(&step);
    for marker in [
        "<<<<<<<",
        "=======",
        ">>>>>>>",
        "self-hosted",
        "ubuntu-24.04",
    ] {
        assert!(text.contains(marker), "{marker} in:\n{text}");
    }
    assert!(!text.contains("|||||||"), "no diff3 base section:\n{text}");
    assert!(plan.has_conflicts());
}

#[test]
fn both_making_the_same_change_is_nothing_to_do() {
    let base = map(&[("ci.yml", CI)]);
    let new = map(&[("ci.yml", &CI.replace("ubuntu-latest", "ubuntu-24.04"))]);
    assert_eq!(plan(&base, &new, &new), Plan::default());
}

#[test]
fn a_file_added_by_the_template_is_created() {
    let new = map(&[("docs/new.md", "# New\n")]);
    let plan = plan(&FileMap::new(), &new, &FileMap::new());
    let step = one(&plan, "docs/new.md");
    assert_eq!(step.outcome, Outcome::Created);
    assert_eq!(written(&step), "# New\n");
}

#[test]
fn a_file_added_by_both_with_other_content_conflicts_against_an_empty_base() {
    let new = map(&[("docs/new.md", "# New\nfrom the template\n")]);
    let tree = map(&[("docs/new.md", "# Mine\n")]);
    let plan = plan(&FileMap::new(), &new, &tree);
    let step = one(&plan, "docs/new.md");
    assert_eq!(step.outcome, Outcome::Conflict);
    assert_eq!(step.note.as_deref(), Some(NOTE_ADDED_BOTH));
    let text = written(&step);
    assert!(
        text.contains("# Mine") && text.contains("from the template"),
        "{text}"
    );
}

#[test]
fn a_file_added_by_both_alike_is_nothing_to_do() {
    let new = map(&[("docs/new.md", "# New\n")]);
    assert_eq!(plan(&FileMap::new(), &new, &new), Plan::default());
}

#[test]
fn a_file_removed_by_the_template_goes_when_the_service_never_changed_it() {
    let base = map(&[("old.md", "old\n")]);
    let plan = plan(&base, &FileMap::new(), &base);
    let step = one(&plan, "old.md");
    assert_eq!(
        (step.outcome, step.effect),
        (Outcome::Deleted, Effect::Remove)
    );
}

#[test]
fn a_file_removed_by_the_template_but_changed_here_is_kept_and_reported() {
    let base = map(&[("old.md", "old\n")]);
    let tree = map(&[("old.md", "old, and mine\n")]);
    let plan = plan(&base, &FileMap::new(), &tree);
    let step = one(&plan, "old.md");
    assert_eq!(
        (step.outcome, step.effect),
        (Outcome::Kept, Effect::Nothing)
    );
    assert_eq!(step.note.as_deref(), Some(NOTE_REMOVED_CHANGED));
    assert!(!plan.has_conflicts());
}

#[test]
fn a_file_removed_by_both_is_nothing_to_do() {
    let base = map(&[("old.md", "old\n")]);
    assert_eq!(
        plan(&base, &FileMap::new(), &FileMap::new()),
        Plan::default()
    );
}

#[test]
fn a_file_changed_by_the_template_but_deleted_here_is_a_conflict_left_deleted() {
    let base = map(&[("a.md", "a\n")]);
    let new = map(&[("a.md", "b\n")]);
    let plan = plan(&base, &new, &FileMap::new());
    let step = one(&plan, "a.md");
    assert_eq!(
        (step.outcome, step.effect),
        (Outcome::Conflict, Effect::Nothing)
    );
    assert_eq!(step.note.as_deref(), Some(NOTE_CHANGED_DELETED));
}

#[test]
fn a_rename_is_reported_and_done_as_remove_and_add() {
    let base = map(&[("docs/old.md", "page\n"), ("keep.md", "k\n")]);
    let new = map(&[("docs/runbooks/new.md", "page\n"), ("keep.md", "k\n")]);
    let plan = plan(&base, &new, &base);
    assert_eq!(
        plan.renames,
        [Rename {
            from: "docs/old.md".to_owned(),
            to: "docs/runbooks/new.md".to_owned()
        }]
    );
    assert_eq!(one(&plan, "docs/old.md").outcome, Outcome::Deleted);
    assert_eq!(one(&plan, "docs/runbooks/new.md").outcome, Outcome::Created);
}

#[test]
fn a_removal_and_an_addition_of_other_content_is_no_rename() {
    let base = map(&[("old.md", "old\n")]);
    let new = map(&[("new.md", "new\n")]);
    assert!(plan(&base, &new, &base).renames.is_empty());
}

#[test]
fn binary_files_are_replaced_when_untouched_and_kept_as_a_conflict_when_changed_here() {
    let (b, n, t) = (
        vec![0xff, 0x00, 1],
        vec![0xff, 0x00, 2],
        vec![0xff, 0x00, 3],
    );
    let base: FileMap = [("logo.png".to_owned(), b)].into();
    let new: FileMap = [("logo.png".to_owned(), n.clone())].into();
    let untouched = plan(&base, &new, &base);
    let step = one(&untouched, "logo.png");
    assert_eq!(
        (step.outcome, step.effect),
        (Outcome::Replaced, Effect::Write(n))
    );

    let tree: FileMap = [("logo.png".to_owned(), t)].into();
    let changed = plan(&base, &new, &tree);
    let step = one(&changed, "logo.png");
    assert_eq!(
        (step.outcome, step.effect),
        (Outcome::Conflict, Effect::Nothing)
    );
    assert_eq!(step.note.as_deref(), Some(NOTE_BINARY));
}

#[test]
fn lockfiles_take_the_template_when_untouched() {
    let base = map(&[("Cargo.lock", "version = 3\n")]);
    let new = map(&[("Cargo.lock", "version = 4\n")]);
    let step = one(&plan(&base, &new, &base), "Cargo.lock");
    assert_eq!(step.outcome, Outcome::Replaced);
    assert_eq!(written(&step), "version = 4\n");
}

#[test]
fn lockfiles_changed_here_are_never_merged_line_by_line() {
    let base = map(&[
        ("Cargo.lock", "a\nb\nc\n"),
        ("infra/package-lock.json", "{\n}\n"),
    ]);
    let new = map(&[
        ("Cargo.lock", "a\nb\nC\n"),
        ("infra/package-lock.json", "{\n\"v\": 2\n}\n"),
    ]);
    let tree = map(&[
        ("Cargo.lock", "A\nb\nc\n"),
        ("infra/package-lock.json", "{\n\"x\": 1\n}\n"),
    ]);
    let plan = plan(&base, &new, &tree);
    let cargo = one(&plan, "Cargo.lock");
    assert_eq!(
        (cargo.outcome, &cargo.effect),
        (Outcome::Kept, &Effect::Nothing)
    );
    assert!(
        cargo
            .note
            .as_deref()
            .is_some_and(|n| n.contains("cargo update -w")),
        "{cargo:?}"
    );
    let npm = one(&plan, "infra/package-lock.json");
    assert_eq!(npm.outcome, Outcome::Kept);
    assert!(
        npm.note
            .as_deref()
            .is_some_and(|n| n.contains("npm install")),
        "{npm:?}"
    );
    assert!(!plan.has_conflicts());
}

#[test]
fn a_lockfile_added_by_both_keeps_the_services() {
    let new = map(&[("loadtest/poetry.lock", "template\n")]);
    let tree = map(&[("loadtest/poetry.lock", "mine\n")]);
    let step = one(&plan(&FileMap::new(), &new, &tree), "loadtest/poetry.lock");
    assert_eq!(
        (step.outcome, step.effect),
        (Outcome::Kept, Effect::Nothing)
    );
}

#[test]
fn every_path_of_a_mixed_upgrade_gets_its_rule() {
    let base = map(&[
        ("same.txt", "s\n"),
        ("replaced.txt", "r\n"),
        ("mine.txt", "m\n"),
        ("gone.txt", "g\n"),
    ]);
    let new = map(&[
        ("same.txt", "s\n"),
        ("replaced.txt", "r2\n"),
        ("mine.txt", "m\n"),
        ("added.txt", "a\n"),
    ]);
    let tree = map(&[
        ("same.txt", "s\n"),
        ("replaced.txt", "r\n"),
        ("mine.txt", "m, mine\n"),
        ("gone.txt", "g\n"),
    ]);
    let plan = plan(&base, &new, &tree);
    let outcomes: Vec<_> = plan
        .steps
        .iter()
        .map(|s| (s.path.as_str(), s.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("added.txt", Outcome::Created),
            ("gone.txt", Outcome::Deleted),
            ("mine.txt", Outcome::Kept),
            ("replaced.txt", Outcome::Replaced),
        ]
    );
    assert_eq!(plan.with(Outcome::Kept).count(), 1);
}
