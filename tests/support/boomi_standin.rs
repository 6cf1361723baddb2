//! A Boomi stand-in on loopback for the fetch script: the Platform API's QUERY and
//! `queryMore` (in pages), bulk GET and GET routes answered from the fixtures of
//! `tests/fixtures/boomi/`, with Basic authentication and `overrideAccount` checked and
//! Boomi's errors: an item with status 400 in a bulk answer for a request id it does not
//! know, 401 for wrong credentials, 503 (with Retry-After) while it is told to be busy.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

/// The account the fixtures belong to, and the credentials the stand-in accepts.
pub const ACCOUNT: &str = "contoso-PUB001";
pub const USER: &str = "BOOMI_TOKEN.rm@contoso.example";
pub const TOKEN: &str = "s3cr3t";
/// `base64("BOOMI_TOKEN.rm@contoso.example:s3cr3t")`: what curl sends for them.
const AUTHORIZATION: &str = "Basic Qk9PTUlfVE9LRU4ucm1AY29udG9zby5leGFtcGxlOnMzY3IzdA==";

/// What the stand-in's account holds, by object type, read from the fixtures.
#[derive(Default)]
pub struct Account {
    objects: BTreeMap<String, Vec<Value>>,
    /// Each managed account's instances, by account id.
    instances: BTreeMap<String, Vec<Value>>,
    /// Release statuses by request id.
    statuses: BTreeMap<String, Value>,
}

impl Account {
    /// The fixtures' account: every QUERY answer and `queryMore` page merged per type, the
    /// instance answers by the account their file names, the bulk answer's statuses.
    pub fn from_fixtures(folder: &Path) -> Account {
        let mut account = Account::default();
        let mut names: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        names.sort();
        for path in names {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == "openapi-excerpt.json" {
                continue;
            }
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if let Some(rest) = name.strip_prefix("IntegrationPackInstance-") {
                let owner = rest.trim_end_matches(".json").to_owned();
                let results = json["result"].as_array().cloned().unwrap_or_default();
                account.instances.entry(owner).or_default().extend(results);
            } else if let Some(items) = json["response"].as_array() {
                for item in items {
                    account.statuses.insert(
                        item["id"].as_str().unwrap().to_owned(),
                        item["Result"].clone(),
                    );
                }
            } else {
                for object in json["result"].as_array().into_iter().flatten() {
                    let object_type = object["@type"].as_str().unwrap().to_owned();
                    account
                        .objects
                        .entry(object_type)
                        .or_default()
                        .push(object.clone());
                }
            }
        }
        account
    }

    /// The managed accounts' ids, as the Account query answers them.
    pub fn account_ids(&self) -> Vec<String> {
        self.objects["Account"]
            .iter()
            .map(|account| account["accountId"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// The stand-in, serving until dropped.
pub struct Standin {
    pub port: u16,
    pub log: Arc<Mutex<Vec<String>>>,
    busy: Arc<AtomicU32>,
    stopping: Arc<AtomicBool>,
}

impl Standin {
    /// Serves `account`, `page` results a QUERY page (Boomi's is 100), answering the first
    /// `busy` requests with 503.
    pub fn start(account: Account, page: usize, busy: u32) -> Standin {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(account);
        let log = Arc::new(Mutex::new(Vec::new()));
        let busy = Arc::new(AtomicU32::new(busy));
        let stopping = Arc::new(AtomicBool::new(false));
        {
            let (log, busy, stopping) = (log.clone(), busy.clone(), stopping.clone());
            std::thread::spawn(move || {
                while !stopping.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => serve(stream, &state, page, &busy, &log),
                        Err(_) => std::thread::sleep(Duration::from_millis(2)),
                    }
                }
            });
        }
        Standin {
            port,
            log,
            busy,
            stopping,
        }
    }

    /// The base address the fetch script takes as `BOOMI_API_BASE`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}/api/rest/v1", self.port)
    }

    /// Every request answered: `METHOD path status`.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Standin {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
    }
}

struct Request {
    method: String,
    path: String,
    query: String,
    authorization: Option<String>,
    body: String,
}

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    stream.set_nonblocking(false).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let mut length = 0;
    let mut authorization = None;
    let mut expects_continue = false;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "authorization" => authorization = Some(value.trim().to_owned()),
            "expect" => expects_continue = value.trim().eq_ignore_ascii_case("100-continue"),
            _ => {}
        }
    }
    if expects_continue {
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").ok()?;
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        authorization,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn serve(
    mut stream: TcpStream,
    account: &Account,
    page: usize,
    busy: &AtomicU32,
    log: &Mutex<Vec<String>>,
) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    let (status, body) = answer(&request, account, page, busy);
    log.lock().unwrap().push(format!(
        "{} {}{}{} {status}",
        request.method,
        request.path,
        if request.query.is_empty() { "" } else { "?" },
        request.query
    ));
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Service Unavailable",
    };
    let retry = if status == 503 {
        "Retry-After: 1\r\n"
    } else {
        ""
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{retry}Connection: close\r\n\r\n{body}",
        body.len()
    );
}

fn error(status: u16, message: &str) -> (u16, String) {
    (
        status,
        json!({ "@type": "Error", "message": message }).to_string(),
    )
}

fn answer(request: &Request, account: &Account, page: usize, busy: &AtomicU32) -> (u16, String) {
    if busy
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
            left.checked_sub(1)
        })
        .is_ok()
    {
        return error(503, "The server is currently unavailable. Try again later.");
    }
    if request.authorization.as_deref() != Some(AUTHORIZATION) {
        return error(401, "Incorrect user name and password combination.");
    }
    let prefix = format!("/api/rest/v1/{ACCOUNT}/");
    let Some(route) = request.path.strip_prefix(&prefix) else {
        return error(
            403,
            "The account in the address is not the authenticated account.",
        );
    };
    let override_account = request
        .query
        .split('&')
        .find_map(|pair| pair.strip_prefix("overrideAccount="));
    let parts: Vec<&str> = route.split('/').collect();
    match (request.method.as_str(), parts.as_slice()) {
        ("POST", [object, "query"]) => query(account, object, override_account, 0, page),
        ("POST", [object, "queryMore"]) => match parse_token(&request.body) {
            Some((token_object, token_account, offset))
                if token_object == *object && token_account.as_deref() == override_account =>
            {
                query(account, object, override_account, offset, page)
            }
            _ => error(400, "Invalid query token."),
        },
        ("POST", ["ReleaseIntegrationPackStatus", "bulk"]) => bulk(account, &request.body),
        ("GET", ["ReleaseIntegrationPackStatus", id]) => match account.statuses.get(*id) {
            Some(status) => (200, status.to_string()),
            None => error(
                400,
                &format!("Unable to find release request with id {id}."),
            ),
        },
        _ => error(404, "No such route."),
    }
}

/// A token names the object, the account it is queried as, and where the next page
/// starts: `object|account|offset`.
fn parse_token(token: &str) -> Option<(String, Option<String>, usize)> {
    let mut parts = token.trim().split('|');
    let object = parts.next()?.to_owned();
    let account = Some(parts.next()?.to_owned()).filter(|account| !account.is_empty());
    let offset = parts.next()?.parse().ok()?;
    Some((object, account, offset))
}

fn query(
    account: &Account,
    object: &str,
    override_account: Option<&str>,
    offset: usize,
    page: usize,
) -> (u16, String) {
    let results: &[Value] =
        if object == "IntegrationPackInstance" || object == "EnvironmentExtensions" {
            // Instances and extensions are per managed account: only asked as one of them.
            let Some(owner) = override_account else {
                return error(
                    400,
                    &format!("Query {object} with overrideAccount set to a managed account."),
                );
            };
            if !account.account_ids().iter().any(|id| id == owner) {
                return error(403, &format!("{owner} is not an account you manage."));
            }
            if object == "EnvironmentExtensions" {
                // The fixtures' accounts set no extension values.
                &[]
            } else {
                account.instances.get(owner).map_or(&[], Vec::as_slice)
            }
        } else {
            if override_account.is_some() {
                return error(400, "This query is for the publisher's own account.");
            }
            match account.objects.get(object) {
                Some(results) => results,
                None if is_queryable(object) => &[],
                None => return error(400, &format!("Unknown object type {object}.")),
            }
        };
    let shown = &results[offset.min(results.len())..(offset + page).min(results.len())];
    let mut body = json!({
        "@type": "QueryResult",
        "numberOfResults": shown.len(),
    });
    if !shown.is_empty() {
        body["result"] = Value::from(shown.to_vec());
    }
    if offset + page < results.len() {
        body["queryToken"] = Value::from(format!(
            "{object}|{}|{}",
            override_account.unwrap_or_default(),
            offset + page
        ));
    }
    (200, body.to_string())
}

fn is_queryable(object: &str) -> bool {
    matches!(
        object,
        "PackagedComponent"
            | "PublisherIntegrationPack"
            | "Account"
            | "AccountGroup"
            | "AccountGroupAccount"
            | "AccountGroupIntegrationPack"
    )
}

fn bulk(account: &Account, body: &str) -> (u16, String) {
    let Ok(request) = serde_json::from_str::<Value>(body) else {
        return error(400, "The request is not JSON.");
    };
    if request["type"] != "GET" {
        return error(400, "A bulk request's type must be GET.");
    }
    let Some(ids) = request["request"].as_array() else {
        return error(400, "A bulk request lists its ids in request.");
    };
    if ids.len() > 100 {
        return error(400, "A bulk request takes 100 ids at the most.");
    }
    let response: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let id = item["id"].as_str().unwrap_or_default();
            match account.statuses.get(id) {
                Some(status) => json!({
                    "@type": "BulkResponse", "index": index, "id": id, "statusCode": 200, "Result": status,
                }),
                None => json!({
                    "@type": "BulkResponse", "index": index, "id": id, "statusCode": 400,
                    "errorMessage": format!("Unable to find release request with id {id}."),
                }),
            }
        })
        .collect();
    (
        200,
        json!({ "@type": "BulkResult", "response": response }).to_string(),
    )
}
