//! The Boomi responses of a publisher of a chosen size, for the benchmarks.

use packwright::domain::boomi::BoomiFile;

/// A Boomi publisher of 30 packs (three processes each, in three versions), 5 account
/// groups, `accounts` accounts and two installed instances each, as the QUERY responses
/// the import reads: one response per object type, instances one file per account.
pub fn boomi_account(accounts: usize) -> Vec<BoomiFile> {
    let file = |name: String, results: Vec<serde_json::Value>| {
        BoomiFile {
        name,
        text: serde_json::json!({ "@type": "QueryResult", "numberOfResults": results.len(), "result": results }).to_string(),
    }
    };
    let mut packages = Vec::new();
    let mut packs = Vec::new();
    for pack in 0..30 {
        let mut members = Vec::new();
        for member in 0..3 {
            let component = format!("component-{pack}-{member}");
            for version in 1..=3 {
                packages.push(serde_json::json!({
                    "@type": "PackagedComponent", "packageId": format!("package-{pack}-{member}-{version}"),
                    "packageVersion": format!("{version}.0"), "componentId": component, "componentType": "process",
                    "createdDate": format!("2026-0{version}-01T10:00:00Z"), "shareable": true, "notes": "",
                }));
            }
            members.push(serde_json::json!({
                "@type": "PublisherPackagedComponent", "componentId": component,
                "componentName": format!("Process {pack}-{member}"), "componentType": "process",
                "currentVersion": "2.0", "pendingVersion": "3.0", "latestVersion": "3.0",
            }));
        }
        packs.push(serde_json::json!({
            "@type": "PublisherIntegrationPack", "id": format!("pack-{pack}"), "name": format!("Pack {pack}"),
            "installationType": "SINGLE", "Description": "",
            "PublisherPackagedComponents": { "PublisherPackagedComponent": members },
        }));
    }
    let groups = (0..5)
        .map(|group| serde_json::json!({
            "@type": "AccountGroup", "id": format!("group-{group}"), "name": format!("Group {group}"),
            "Resources": { "Resource": (0..6).map(|pack| serde_json::json!({
                "objectType": "Integration Pack", "resourceId": format!("pack-{}", group * 6 + pack), "resourceName": "",
            })).collect::<Vec<_>>() },
        }))
        .collect();
    let account_results = (0..accounts)
        .map(|account| serde_json::json!({ "@type": "Account", "accountId": format!("acct-{account:06}"), "name": format!("Account {account}"), "status": "active" }))
        .collect();
    let members = (0..accounts)
        .map(|account| serde_json::json!({ "@type": "AccountGroupAccount", "accountGroupId": format!("group-{}", account % 5), "accountId": format!("acct-{account:06}") }))
        .collect();
    let mut files = vec![
        file("PackagedComponent.json".into(), packages),
        file("PublisherIntegrationPack.json".into(), packs),
        file("AccountGroup.json".into(), groups),
        file("Account.json".into(), account_results),
        file("AccountGroupAccount.json".into(), members),
    ];
    for account in 0..accounts {
        let group = account % 5;
        let instances = (0..2)
            .map(|index| {
                serde_json::json!({
                    "@type": "IntegrationPackInstance", "id": format!("instance-{account}-{index}"),
                    "integrationPackId": format!("pack-{}", group * 6 + index),
                })
            })
            .collect();
        files.push(file(
            format!("IntegrationPackInstance-acct-{account:06}.json"),
            instances,
        ));
    }
    files
}
