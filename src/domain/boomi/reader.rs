//! Reading Boomi's JSON by hand through `serde_json::Value`: every failure names the file
//! and the field, and the wasm carries no derived deserializer per Boomi object.

use serde_json::Value;

use crate::domain::boomi::error::{BoomiError, Problem};
use crate::domain::error::{DomainError, BOOMI_ID_MAX};

/// A value in a file, with the path that leads to it.
#[derive(Clone)]
pub(crate) struct Node<'a> {
    pub file: &'a str,
    path: String,
    pub value: &'a Value,
}

impl<'a> Node<'a> {
    pub fn root(file: &'a str, value: &'a Value) -> Node<'a> {
        Node {
            file,
            path: String::new(),
            value,
        }
    }

    /// Where this value is, as a message names it: `result[3].packageVersion`.
    pub fn at(&self) -> String {
        self.path.clone()
    }

    fn child(&self, name: &str, value: &'a Value) -> Node<'a> {
        let path = if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        };
        Node {
            file: self.file,
            path,
            value,
        }
    }

    pub fn error(&self, problem: Problem) -> BoomiError {
        BoomiError {
            file: self.file.to_owned(),
            field: self.at(),
            problem,
        }
    }

    /// The member `name`, absent or `null` as `None`.
    pub fn get(&self, name: &str) -> Option<Node<'a>> {
        match self.value.get(name) {
            None | Some(Value::Null) => None,
            Some(value) => Some(self.child(name, value)),
        }
    }

    pub fn field(&self, name: &str) -> Result<Node<'a>, BoomiError> {
        self.get(name)
            .ok_or_else(|| self.error_at(name, Problem::Missing))
    }

    /// An error about the member `name`, there or not.
    pub fn error_at(&self, name: &str, problem: Problem) -> BoomiError {
        self.child(name, &Value::Null).error(problem)
    }

    pub fn str(&self) -> Result<&'a str, BoomiError> {
        self.value
            .as_str()
            .ok_or_else(|| self.error(Problem::WrongType { expected: "text" }))
    }

    pub fn bool(&self) -> Result<bool, BoomiError> {
        self.value.as_bool().ok_or_else(|| {
            self.error(Problem::WrongType {
                expected: "true or false",
            })
        })
    }

    /// The items of a list; Boomi writes a list of one as the list, always.
    pub fn items(&self) -> Result<Vec<Node<'a>>, BoomiError> {
        let items = self
            .value
            .as_array()
            .ok_or_else(|| self.error(Problem::WrongType { expected: "a list" }))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(index, value)| Node {
                file: self.file,
                path: format!("{}[{index}]", self.path),
                value,
            })
            .collect())
    }

    /// The text member `name`, which must be there.
    pub fn text(&self, name: &str) -> Result<String, BoomiError> {
        Ok(self.field(name)?.str()?.to_owned())
    }

    /// The Boomi id in member `name`, which must be there: 1 to `BOOMI_ID_MAX`
    /// characters, not blank, without spaces around it. Checked here, so that a refusal
    /// names the file and the field.
    pub fn id(&self, name: &str) -> Result<String, BoomiError> {
        let node = self.field(name)?;
        let id = node.str()?;
        if id.trim().is_empty() || id.trim() != id || id.chars().count() > BOOMI_ID_MAX {
            return Err(
                node.error(Problem::Refused(Box::new(DomainError::InvalidBoomiId {
                    id: id.to_owned(),
                }))),
            );
        }
        Ok(id.to_owned())
    }

    /// The text member `name`; absent, `null` and `""` are all `None`.
    pub fn optional_text(&self, name: &str) -> Result<Option<String>, BoomiError> {
        match self.get(name) {
            None => Ok(None),
            Some(node) => Ok(Some(node.str()?.trim().to_owned()).filter(|text| !text.is_empty())),
        }
    }

    /// The boolean member `name`, `default` when absent.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, BoomiError> {
        self.get(name).map_or(Ok(default), |node| node.bool())
    }

    /// The text member `name`, one of `allowed`.
    pub fn one_of(
        &self,
        name: &str,
        allowed: &'static [&'static str],
    ) -> Result<&'static str, BoomiError> {
        let field = self.field(name)?;
        let found = field.str()?;
        allowed
            .iter()
            .find(|candidate| candidate.eq_ignore_ascii_case(found))
            .copied()
            .ok_or_else(|| {
                field.error(Problem::NotOneOf {
                    found: found.to_owned(),
                    allowed,
                })
            })
    }
}
