//! The fetch script: a POSIX `sh` script, run by the publisher with `curl`, that reads from
//! their own Boomi account every Platform API answer the import reads and saves each
//! under the name the import expects, into one folder. Packwright itself still never
//! calls Boomi and never sees the API token: the publisher runs the script, then chooses
//! the folder in Settings → Import from Boomi.

/// The objects queried for the whole account, in the order the import reads them.
pub const ACCOUNT_QUERIES: [&str; 6] = [
    "PackagedComponent",
    "PublisherIntegrationPack",
    "Account",
    "AccountGroup",
    "AccountGroupAccount",
    "AccountGroupIntegrationPack",
];

/// The file name the fetch script is offered under.
pub const FETCH_SCRIPT_NAME: &str = "packwright-fetch-from-boomi.sh";

/// Where the release scripts Packwright makes (`BoomiRequests::curl_script`) save Boomi's
/// answer to a `ReleaseIntegrationPack` request: its `requestId` is how the fetch script
/// asks for that release's status later.
pub const RELEASE_ANSWER_PREFIX: &str = "release-answer-";

/// The fetch script. It takes the account id and the API token from the environment
/// (never written in the file or the folder), quotes every path, retries what Boomi
/// answers with 503, and stops at the first other failure with Boomi's answer shown.
pub fn fetch_script() -> String {
    let queries = ACCOUNT_QUERIES.join(" ");
    format!(
        r#"#!/bin/sh
# Fetches from your Boomi account what Packwright's Import from Boomi reads, one file per
# answer, into a folder; then choose every file of that folder in Packwright (Settings →
# Import from Boomi). Packwright itself never calls Boomi.
#
# Needs sh and curl. The account id and the API token come from the environment:
#   BOOMI_ACCOUNT_ID=acme-A1B2C3 BOOMI_API_USER=BOOMI_TOKEN.you@example.com \
#   BOOMI_API_TOKEN=… sh {FETCH_SCRIPT_NAME} [FOLDER]
# Release statuses are fetched for the request ids in BOOMI_RELEASE_REQUEST_IDS (separated
# by spaces) and for those in the answers Packwright's release scripts saved
# ({RELEASE_ANSWER_PREFIX}*.json, here or in FOLDER). Nothing secret is written anywhere.
set -eu
: "${{BOOMI_ACCOUNT_ID:?Set BOOMI_ACCOUNT_ID to your Boomi account id.}}"
: "${{BOOMI_API_USER:?Set BOOMI_API_USER to BOOMI_TOKEN.your-user-name.}}"
: "${{BOOMI_API_TOKEN:?Set BOOMI_API_TOKEN to your Platform API token.}}"
base="${{BOOMI_API_BASE:-https://api.boomi.com/api/rest/v1}}/$BOOMI_ACCOUNT_ID"
folder="${{1:-boomi-$BOOMI_ACCOUNT_ID}}"
mkdir -p -- "$folder"
answers=0

# ask METHOD PATH CONTENT_TYPE BODY FILE: one request, Boomi's answer saved in FILE.
# Retries what Boomi answers with 503 (busy); stops at any other failure, saying it.
ask() {{
  status=$(curl --silent --show-error --retry 4 --retry-delay 2 \
    --user "$BOOMI_API_USER:$BOOMI_API_TOKEN" \
    --header 'Accept: application/json' --header "Content-Type: $3" \
    --request "$1" --data-binary "$4" --output "$5" --write-out '%{{http_code}}' \
    "$base$2") || {{ echo "Boomi could not be reached for $1 $2." >&2; exit 1; }}
  case "$status" in
    2??) answers=$((answers + 1)) ;;
    *)
      echo "Boomi answered $status to $1 $2:" >&2
      cat -- "$5" >&2 || true
      echo >&2
      rm -f -- "$5"
      exit 1
      ;;
  esac
}}

# The value of every "NAME": "…" in FILE, one per line.
values_of() {{
  tr -d '\r\n' < "$2" | grep -o "\"$1\"[[:space:]]*:[[:space:]]*\"[^\"]*\"" \
    | sed 's/.*"\([^"]*\)"$/\1/' || true
}}

# query OBJECT NAME QUERY_STRING: every page of OBJECT's QUERY, as NAME-query.json and
# NAME-queryMore-1.json, NAME-queryMore-2.json, … (Boomi answers 100 results a page).
query() {{
  ask POST "/$1/query$3" application/json '' "$folder/$2-query.json"
  page=1
  token=$(values_of queryToken "$folder/$2-query.json")
  while [ -n "$token" ]; do
    ask POST "/$1/queryMore$3" text/plain "$token" "$folder/$2-queryMore-$page.json"
    token=$(values_of queryToken "$folder/$2-queryMore-$page.json")
    page=$((page + 1))
  done
}}

for object in {queries}; do
  query "$object" "$object" ''
done

# Each managed account's installed instances and its environments' extension values,
# queried as that account: its id in the file's name says whose they are.
for account in $(cat -- "$folder"/Account-query*.json | values_of accountId /dev/stdin); do
  query IntegrationPackInstance "IntegrationPackInstance-$account" "?overrideAccount=$account"
  query EnvironmentExtensions "EnvironmentExtensions-$account" "?overrideAccount=$account"
done

# Release statuses, by request id (there is no QUERY for them): 100 ids a bulk GET.
ids=${{BOOMI_RELEASE_REQUEST_IDS:-}}
for saved in ./{RELEASE_ANSWER_PREFIX}*.json "$folder"/{RELEASE_ANSWER_PREFIX}*.json; do
  [ -f "$saved" ] || continue
  ids="$ids $(values_of requestId "$saved")"
done
batch=0
set -- $ids
while [ $# -gt 0 ]; do
  batch=$((batch + 1))
  body='{{"type":"GET","request":['
  separator=''
  taken=0
  while [ $# -gt 0 ] && [ $taken -lt 100 ]; do
    body="$body$separator{{\"id\":\"$1\"}}"
    separator=','
    taken=$((taken + 1))
    shift
  done
  ask POST /ReleaseIntegrationPackStatus/bulk application/json "$body]}}" \
    "$folder/ReleaseIntegrationPackStatus-bulk-$batch.json"
done

echo "Saved $answers answers from Boomi in $folder."
echo "In Packwright: Settings → Import from Boomi → choose the folder (or all of its files)."
"#
    )
}
