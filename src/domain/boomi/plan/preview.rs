//! Planning an import, last step: the plan and its preview (what is created, already
//! there, skipped and assumed).

use super::{ImportPlan, Planner};
use crate::domain::boomi::error::{BoomiError, Problem};
use crate::domain::boomi::read::BoomiData;
use crate::domain::command::Command;
use crate::domain::command::RecordBoomiIds;
use crate::domain::event::plural;

impl Planner {
    pub(super) fn finish(mut self, data: &BoomiData) -> Result<ImportPlan, BoomiError> {
        self.preview.packs = self.pack_lines();
        if !self.links.is_empty() {
            let links = std::mem::take(&mut self.links);
            self.run(Command::RecordBoomiIds(RecordBoomiIds { links }))
                .map_err(|error| BoomiError {
                    file: String::new(),
                    field: String::new(),
                    problem: Problem::Refused(Box::new(error)),
                })?;
        }
        self.preview.skipped.extend(data.unanswered.iter().cloned());
        if data.other_releases > 0 {
            self.preview.skipped.push(format!(
                "{} not scheduled (done, under way or failed): what Boomi released shows in each pack's currentVersion.",
                plural(data.other_releases, "release request", "release requests")
            ));
        }
        let mut assumptions = vec![
            "Each installed instance runs its pack's current release: Boomi does not say which release an instance runs.".to_owned(),
            "Everything is recorded as created, installed and released at the import's time: Boomi does not give the history.".to_owned(),
            "The current release in Boomi becomes release 1 here (Boomi does not number releases), with every pack's later releases numbered from it.".to_owned(),
            "Packs use packaged components (Boomi's API does not say when a pack uses the legacy deployment).".to_owned(),
            "No account applied a scheduled release early: Boomi does not say.".to_owned(),
            "Packages list no shared components with extensibility settings (a PackagedComponent does not carry them), so the extensibility check has nothing to compare.".to_owned(),
        ];
        if self.unnamed_instances > 0 {
            assumptions.push(format!(
                "{} of multiple-attachments packs came without integrationPackOverrideName: each is named \u{201c}Instance\u{201d} and its Boomi id.",
                plural(self.unnamed_instances, "instance", "instances")
            ));
        }
        if let Some(group) = &self.all_accounts_assumed {
            assumptions.push(format!(
                "No AccountGroupAccount result lists the members of {group}: every managed account among the Account results is taken as a member, as Boomi's All Accounts group holds them all."
            ));
        }
        if self.named_by_id > 0 {
            assumptions.push(format!(
                "{} named by Boomi id: a PackagedComponent does not carry its component's name, and no pack in the files lists them.",
                plural(self.named_by_id, "component is", "components are")
            ));
        }
        assumptions.append(&mut self.renamed);
        self.preview.assumptions = assumptions;
        Ok(ImportPlan {
            events: self.events,
            preview: self.preview,
        })
    }
}
