//! The integrity of the instances' extension values: each of an installed instance, each
//! value of a field extensible in the release that instance runs, within its limits.

use super::Problems;
use crate::domain::configuration::{self, FieldSetting, VALUE_MAX};
use crate::domain::workspace::Workspace;

pub(super) fn check_configuration(ws: &Workspace, problems: &mut Problems) {
    for (instance, settings) in &ws.configuration {
        problems.check(ws.instances.contains_key(instance), || {
            format!("Extension values are kept for instance {instance}, which is not installed.")
        });
        let fields = configuration::instance_fields(ws, *instance);
        problems.check(configuration::all_extensible(settings, &fields), || {
            format!(
                "Instance {instance} has a value for a field its release does not make extensible."
            )
        });
        problems.check(
            settings.values.values().all(|setting| match setting {
                FieldSetting::Value(value) => {
                    !value.is_empty()
                        && value.chars().count() <= VALUE_MAX
                        && !value.chars().any(char::is_control)
                }
                FieldSetting::EncryptedSet | FieldSetting::KeptDefault => true,
            }),
            || format!("Instance {instance} has an extension value that is empty, too long or not one line."),
        );
    }
}
