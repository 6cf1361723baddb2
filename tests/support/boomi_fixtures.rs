//! The files of `tests/fixtures/boomi/` (name and text), shared by the native and the
//! browser tests of the import from Boomi.

macro_rules! fixture {
    ($name:literal) => {
        ($name, include_str!(concat!("../fixtures/boomi/", $name)))
    };
}

/// Every response of the example publisher, in the order a person might pick them.
pub fn fixtures() -> Vec<(&'static str, &'static str)> {
    vec![
        fixture!("PackagedComponent-query.json"),
        fixture!("PackagedComponent-queryMore.json"),
        fixture!("PublisherIntegrationPack-query.json"),
        fixture!("ReleaseIntegrationPackStatus-bulk.json"),
        fixture!("Account-query.json"),
        fixture!("AccountGroup-query.json"),
        fixture!("AccountGroupAccount-query.json"),
        fixture!("AccountGroupIntegrationPack-query.json"),
        fixture!("IntegrationPackInstance-acme-A1B2C3.json"),
        fixture!("IntegrationPackInstance-globex-D4E5F6.json"),
        fixture!("IntegrationPackInstance-initech-G7H8I9.json"),
        fixture!("IntegrationPackInstance-hooli-M4N5O6.json"),
    ]
}
