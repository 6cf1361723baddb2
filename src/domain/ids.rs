//! Typed identifiers. The engine hands them out in order, so replaying the same events
//! gives the same ids.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A component: a process or an API Service component.
    ComponentId
);
id_type!(
    /// One packaged version of a component.
    PackageId
);
id_type!(
    /// An integration pack.
    PackId
);
id_type!(
    /// An account group.
    GroupId
);
id_type!(
    /// A managed account.
    AccountId
);
id_type!(
    /// One installed instance of a pack in a managed account.
    InstanceId
);
