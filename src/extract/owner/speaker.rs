//! The speaker: who 我 is, as the text tells (作为区委书记，我… / 我代表区委… ).

use super::OwnerClass;
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// Who the speaker is, as the text tells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// The speaker's post (作为区委书记，我…).
    pub role: Option<String>,
    /// The body the speaker represents (我代表区委…).
    pub body: Option<String>,
}

impl Speaker {
    /// Finds the speaker from 作为X，我 / 我代表X / X代表Y作表态发言.
    pub fn find(text: &str) -> Speaker {
        static RE: OnceLock<(Regex, Regex)> = OnceLock::new();
        let (role_re, body_re) = RE.get_or_init(|| {
            (
                Regex::new(r"作为([^，,。；\s]{2,12})[，,]\s*我").expect("speaker role"),
                Regex::new(r"我代表([^，,。；\s]{2,30}?)(?:[，,]|表态|向|对|作|就|讲)").expect("speaker body"),
            )
        });
        let role = role_re.captures(text).map(|c| c[1].to_string());
        let body = body_re.captures(text).map(|c| c[1].split(['、', '和']).next().unwrap_or(&c[1]).trim_start_matches("**").to_string());
        Speaker { role, body }
    }

    pub(crate) fn resolve(&self, class: OwnerClass) -> Option<String> {
        match class {
            OwnerClass::Speaker => self.role.clone().or_else(|| self.body.clone()),
            _ => None,
        }
    }
}
