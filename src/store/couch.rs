//! The team's CouchDB database over HTTP (`fetch`, cookie authentication). The only file
//! that talks to a server. The password goes to `POST /_session` once and is never kept;
//! the session cookie is sent to the configured server only (`credentials: include` on
//! requests to it, and the page's CSP lets the app reach no other).

use std::fmt;

use gloo_timers::callback::Timeout;
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestCredentials, RequestInit, RequestMode, Response};

use crate::domain::{Workspace, FORMAT_VERSION};
use crate::store::records::to_json;
use crate::store::team::{
    batch_id, snapshot_id, BatchDocument, BatchRead, SnapshotDocument, SnapshotRead, Written,
    LAST_BATCH_ID,
};

mod error;
pub use error::CouchError;

/// The team's database on its server.
#[derive(Clone, Debug)]
pub struct Couch {
    server: String,
    database: String,
    user: String,
}

/// What `GET /{db}` says: where the changes feed stands.
#[derive(Debug, Deserialize)]
pub struct DatabaseInfo {
    pub update_seq: Value,
}

/// A fresh chain key for a batch document: 64 random bits, in hex.
pub fn new_key() -> String {
    let half = || (js_sys::Math::random() * 4_294_967_296.0) as u32;
    format!("{:08x}{:08x}", half(), half())
}

/// One answer of the changes feed: the documents that changed and where to go on from.
#[derive(Debug)]
pub struct Changes {
    /// Ids of changed documents with more than one leaf revision (a conflict).
    pub conflicted: Vec<String>,
    /// Ids of every changed document.
    pub changed: Vec<String>,
    pub last_seq: Value,
}

impl Couch {
    pub fn new(server: &str, database: &str, user: &str) -> Couch {
        Couch {
            server: server.to_owned(),
            database: database.to_owned(),
            user: user.to_owned(),
        }
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    pub fn database(&self) -> &str {
        &self.database
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}/{}{path}",
            self.server,
            crate::store::team::percent_encode(&self.database)
        )
    }

    /// Opens a session: the server answers with its cookie. The password is not kept.
    pub async fn sign_in(&self, password: &str) -> Result<(), CouchError> {
        #[derive(serde::Serialize)]
        struct Credentials<'a> {
            name: &'a str,
            password: &'a str,
        }
        let body = to_json(&Credentials {
            name: &self.user,
            password,
        });
        let (status, text) = self
            .send(
                "POST",
                &format!("{}/_session", self.server),
                Some(&body),
                None,
            )
            .await?;
        match status {
            200 => Ok(()),
            401 => Err(CouchError::WrongPassword),
            _ => Err(refused(status, &text)),
        }
    }

    /// Ends the session (the cookie is removed); failures are of no consequence.
    pub async fn sign_out(&self) {
        let _ = self
            .send("DELETE", &format!("{}/_session", self.server), None, None)
            .await;
    }

    /// The database's state; refuses a non-member, an ended session, a missing database.
    pub async fn info(&self) -> Result<DatabaseInfo, CouchError> {
        let text = self.get_ok(&self.url("")).await?;
        serde_json::from_str(&text).map_err(|error| CouchError::Unreadable(error.to_string()))
    }

    /// The batches after `revision`, oldest first, each with its conflicts.
    pub async fn batches_after(&self, revision: u32) -> Result<Vec<BatchRead>, CouchError> {
        self.batches(&batch_id(revision + 1), LAST_BATCH_ID).await
    }

    /// The batches of the revisions `from..=to` that the database holds, oldest first.
    pub async fn batches_between(&self, from: u32, to: u32) -> Result<Vec<BatchRead>, CouchError> {
        self.batches(&batch_id(from), &batch_id(to)).await
    }

    async fn batches(&self, first_id: &str, last_id: &str) -> Result<Vec<BatchRead>, CouchError> {
        #[derive(Deserialize)]
        struct Rows {
            rows: Vec<Row>,
        }
        #[derive(Deserialize)]
        struct Row {
            doc: Option<BatchRead>,
        }
        let url = self.url(&format!(
            "/_all_docs?include_docs=true&conflicts=true&startkey=%22{first_id}%22&endkey=%22{last_id}%22"
        ));
        let text = self.get_ok(&url).await?;
        let rows: Rows = serde_json::from_str(&text)
            .map_err(|error| CouchError::Unreadable(error.to_string()))?;
        Ok(rows.rows.into_iter().filter_map(|row| row.doc).collect())
    }

    /// The newest revision in the team's log (`None` for an empty database).
    pub async fn newest_revision(&self) -> Result<Option<u32>, CouchError> {
        #[derive(Deserialize)]
        struct Rows {
            rows: Vec<Row>,
        }
        #[derive(Deserialize)]
        struct Row {
            id: String,
        }
        let url = self.url(&format!(
            "/_all_docs?descending=true&limit=1&startkey=%22{LAST_BATCH_ID}%22&endkey=%22{}%22",
            batch_id(0)
        ));
        let text = self.get_ok(&url).await?;
        let rows: Rows = serde_json::from_str(&text)
            .map_err(|error| CouchError::Unreadable(error.to_string()))?;
        Ok(rows
            .rows
            .first()
            .and_then(|row| crate::store::team::revision_of(&row.id)))
    }

    /// Writes batch documents in one request (`_bulk_docs`: one address for every push,
    /// so the browser's CORS preflight is cached). CouchDB takes each document on its own:
    /// the answer says, in order, which were written and which revisions were taken.
    pub async fn write_batches(
        &self,
        documents: &[BatchDocument<'_>],
    ) -> Result<Vec<Written>, CouchError> {
        #[derive(serde::Serialize)]
        struct Bulk<'a> {
            docs: &'a [BatchDocument<'a>],
        }
        #[derive(Deserialize)]
        struct Answer {
            rev: Option<String>,
            error: Option<String>,
        }
        let body = to_json(&Bulk { docs: documents });
        let (status, text) = self
            .send("POST", &self.url("/_bulk_docs"), Some(&body), None)
            .await?;
        if status != 201 {
            return Err(self.failure(status, &text).await);
        }
        let answers: Vec<Answer> = serde_json::from_str(&text)
            .map_err(|error| CouchError::Unreadable(error.to_string()))?;
        if answers.len() != documents.len() {
            return Err(CouchError::Unreadable(format!(
                "{} answers for {} documents",
                answers.len(),
                documents.len()
            )));
        }
        let mut written = Vec::with_capacity(answers.len());
        for answer in answers {
            written.push(match (answer.error.as_deref(), answer.rev) {
                (None, Some(rev)) => Written::Created { rev },
                (Some("conflict"), _) => Written::Taken,
                // Refused document by document (pouchdb-server's way): as for the request.
                (Some("unauthorized"), _) => return Err(self.failure(401, &text).await),
                (Some("forbidden"), _) => return Err(self.failure(403, &text).await),
                _ => return Err(refused(status, &text)),
            });
        }
        Ok(written)
    }

    /// The newest snapshot at a revision before `before` (any, when `None`).
    pub async fn latest_snapshot(
        &self,
        before: Option<u32>,
    ) -> Result<Option<SnapshotRead>, CouchError> {
        #[derive(Deserialize)]
        struct Rows {
            rows: Vec<Row>,
        }
        #[derive(Deserialize)]
        struct Row {
            doc: Option<SnapshotRead>,
        }
        let start = match before {
            Some(revision) => snapshot_id(revision.saturating_sub(1)),
            None => "snapshot-\u{fff0}".to_owned(),
        };
        let url = self.url(&format!(
            "/_all_docs?include_docs=true&descending=true&limit=1&startkey={}&endkey=%22snapshot-%22",
            crate::store::team::percent_encode(&format!("\"{start}\""))
        ));
        let text = self.get_ok(&url).await?;
        let rows: Rows = serde_json::from_str(&text)
            .map_err(|error| CouchError::Unreadable(error.to_string()))?;
        Ok(rows.rows.into_iter().find_map(|row| row.doc))
    }

    /// Stores the workspace as of `revision` for new members to start from.
    pub async fn put_snapshot(
        &self,
        revision: u32,
        key: Option<&str>,
        workspace: &Workspace,
    ) -> Result<(), CouchError> {
        let body = to_json(&SnapshotDocument {
            format: FORMAT_VERSION,
            revision,
            key,
            workspace,
        });
        match self
            .put(&self.url(&format!("/{}", snapshot_id(revision))), &body)
            .await
        {
            Err(CouchError::Conflict) => Ok(()),
            other => other,
        }
    }

    /// Waits (at most `wait_ms`) for a change after `since`, through the changes feed.
    pub async fn changes(&self, since: &Value, wait_ms: u32) -> Result<Changes, CouchError> {
        #[derive(Deserialize)]
        struct Feed {
            results: Vec<Change>,
            last_seq: Value,
        }
        #[derive(Deserialize)]
        struct Change {
            id: String,
            changes: Vec<Value>,
        }
        let since = match since {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let url = self.url(&format!(
            "/_changes?feed=longpoll&style=all_docs&timeout={wait_ms}&since={}",
            crate::store::team::percent_encode(&since)
        ));
        let controller = AbortController::new().ok();
        // pouchdb-server ignores `timeout`: the request is abandoned a little later.
        let abort = controller
            .clone()
            .map(|controller| Timeout::new(wait_ms + 2_000, move || controller.abort()));
        let answer = self.send("GET", &url, None, controller.as_ref()).await;
        drop(abort);
        let (status, text) = match answer {
            Err(CouchError::Unreachable { .. })
                if controller.as_ref().is_some_and(|c| c.signal().aborted()) =>
            {
                return Ok(Changes {
                    conflicted: Vec::new(),
                    changed: Vec::new(),
                    last_seq: Value::String(since),
                });
            }
            other => other?,
        };
        if status != 200 {
            return Err(self.failure(status, &text).await);
        }
        let feed: Feed = serde_json::from_str(&text)
            .map_err(|error| CouchError::Unreadable(error.to_string()))?;
        Ok(Changes {
            changed: feed
                .results
                .iter()
                .map(|change| change.id.clone())
                .collect(),
            conflicted: feed
                .results
                .into_iter()
                .filter(|change| change.changes.len() > 1)
                .map(|change| change.id)
                .collect(),
            last_seq: feed.last_seq,
        })
    }

    /// Every live (not deleted) leaf revision of a batch document, as CouchDB holds them
    /// after a conflict.
    pub async fn leaves(&self, id: &str) -> Result<Vec<BatchRead>, CouchError> {
        #[derive(Deserialize)]
        struct Leaf {
            ok: Option<BatchRead>,
        }
        let text = self
            .get_ok(&self.url(&format!("/{id}?open_revs=all")))
            .await?;
        let leaves: Vec<Leaf> = serde_json::from_str(&text)
            .map_err(|error| CouchError::Unreadable(error.to_string()))?;
        Ok(leaves
            .into_iter()
            .filter_map(|leaf| leaf.ok)
            .filter(|leaf| !leaf.deleted)
            .collect())
    }

    /// Removes a losing leaf revision, so the conflict is resolved for everyone.
    pub async fn delete_revision(&self, id: &str, rev: &str) -> Result<(), CouchError> {
        let url = self.url(&format!(
            "/{id}?rev={}",
            crate::store::team::percent_encode(rev)
        ));
        let (status, text) = self.send("DELETE", &url, None, None).await?;
        match status {
            200 | 202 | 404 | 409 => Ok(()),
            _ => Err(self.failure(status, &text).await),
        }
    }

    async fn put(&self, url: &str, body: &str) -> Result<(), CouchError> {
        let (status, text) = self.send("PUT", url, Some(body), None).await?;
        match status {
            201 | 202 => Ok(()),
            409 => Err(CouchError::Conflict),
            _ => Err(self.failure(status, &text).await),
        }
    }

    async fn get_ok(&self, url: &str) -> Result<String, CouchError> {
        let (status, text) = self.send("GET", url, None, None).await?;
        if status == 200 {
            Ok(text)
        } else {
            Err(self.failure(status, &text).await)
        }
    }

    /// What a refusal means: 401 is an ended session when the server no longer knows the
    /// user, else (like 403) a user who is not a member.
    async fn failure(&self, status: u16, text: &str) -> CouchError {
        match status {
            401 | 403 => {
                let session = self
                    .send("GET", &format!("{}/_session", self.server), None, None)
                    .await;
                let named = session.ok().and_then(|(_, text)| {
                    let value: Value = serde_json::from_str(&text).ok()?;
                    value["userCtx"]["name"].as_str().map(str::to_owned)
                });
                match named {
                    Some(_) => CouchError::NotMember {
                        user: self.user.clone(),
                        database: self.database.clone(),
                    },
                    None => CouchError::SignedOut,
                }
            }
            404 => CouchError::NoDatabase {
                database: self.database.clone(),
            },
            409 => CouchError::Conflict,
            _ => refused(status, text),
        }
    }

    async fn send(
        &self,
        method: &str,
        url: &str,
        body: Option<&str>,
        abort: Option<&AbortController>,
    ) -> Result<(u16, String), CouchError> {
        let unreachable = || CouchError::Unreachable {
            server: self.server.clone(),
        };
        let init = RequestInit::new();
        init.set_method(method);
        init.set_mode(RequestMode::Cors);
        // The session cookie goes with requests to the team's server, and only there.
        init.set_credentials(RequestCredentials::Include);
        if let Some(body) = body {
            init.set_body(&JsValue::from_str(body));
        }
        if let Some(abort) = abort {
            init.set_signal(Some(&abort.signal()));
        }
        let request = Request::new_with_str_and_init(url, &init).map_err(|_| unreachable())?;
        let headers = request.headers();
        // CouchDB ignores a body (and `_security` checks) sent without this header.
        let _ = headers.set("Content-Type", "application/json");
        let _ = headers.set("Accept", "application/json");
        let window = web_sys::window().ok_or_else(unreachable)?;
        let response: Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| unreachable())?
            .dyn_into()
            .map_err(|_| unreachable())?;
        let text = JsFuture::from(response.text().map_err(|_| unreachable())?)
            .await
            .map_err(|_| unreachable())?
            .as_string()
            .unwrap_or_default();
        Ok((response.status(), text))
    }
}

fn refused(status: u16, text: &str) -> CouchError {
    let reason = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|value| value["reason"].as_str().map(str::to_owned))
        .unwrap_or_else(|| text.chars().take(200).collect());
    CouchError::Refused { status, reason }
}
