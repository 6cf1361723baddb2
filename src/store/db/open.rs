//! Opening the database: creating and upgrading its schema, migrating what older
//! versions wrote, and noticing another tab's newer version.

use super::*;

impl Store {
    /// Opens (creating or upgrading) the database called `name`.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        Store::open_with_blocked_notice(name, || {}).await
    }

    /// Opens the database, calling `on_blocked` while another tab's older connection holds
    /// up the upgrade, and brings what older versions wrote up to date (`upkeep`). A
    /// database of a newer schema opens read-only.
    pub async fn open_with_blocked_notice(
        name: &str,
        on_blocked: impl Fn() + 'static,
    ) -> Result<Store, StoreError> {
        let store = Store::connect(name, on_blocked).await?;
        store.upkeep().await?;
        Ok(store)
    }

    /// Opens the database as `open_with_blocked_notice` does, but leaves `upkeep` to the
    /// caller: the app asks `needs_upkeep` first, so that the code that rewrites older
    /// versions' records (and decodes every stored batch) is fetched only by a database
    /// that needs it.
    pub async fn connect(name: &str, on_blocked: impl Fn() + 'static) -> Result<Store, StoreError> {
        let opened = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_blocked(move |_| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed(|event, database| {
                let old_version = event.old_version();
                if old_version < 1.0 {
                    database.create_object_store(META).build()?;
                }
                if old_version < 2.0 {
                    database.create_object_store(SNAPSHOTS).build()?;
                    database.create_object_store(EVENTS).build()?;
                }
                if old_version < 3.0 {
                    database.create_object_store(MENTIONS).build()?;
                }
                // Version 4 changes what records hold, not which stores there are.
                Ok(())
            })
            .await;
        match opened {
            Ok(database) => Ok(Store {
                changes: std::cell::RefCell::new(database.version_changes().ok()),
                database,
                read_only: false,
            }),
            Err(error) if is_version_error(&error) => {
                let database = Database::open(name).await?;
                Ok(Store {
                    changes: std::cell::RefCell::new(database.version_changes().ok()),
                    database,
                    read_only: true,
                })
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Brings what older versions wrote up to date: schema 1's settings record migrated,
    /// the history index built for a log written before it existed. Does nothing to a
    /// read-only database, or once done.
    pub async fn upkeep(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Ok(());
        }
        self.migrate_v1_records(real_now()).await?;
        match self.index_history().await {
            // A batch that cannot be read is for `load` to report, with the way out.
            Ok(()) | Err(StoreError::Corrupt(_)) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Whether `upkeep` has anything to do: a schema-1 settings record, or a log whose
    /// history index was never built. A database with no log gets its (empty) index
    /// marked built here, so that a first visit never needs `upkeep`.
    pub async fn needs_upkeep(&self) -> Result<bool, StoreError> {
        if self.read_only {
            return Ok(false);
        }
        let reading = self.database.transaction([META, EVENTS]).build()?;
        let meta = reading.object_store(META)?;
        let settings: Option<String> = meta.get(SETTINGS_V1_KEY).primitive()?.await?;
        let built: Option<String> = meta.get(MENTIONS_BUILT_KEY).primitive()?.await?;
        let batches = reading.object_store(EVENTS)?.count().primitive()?.await?;
        drop(reading);
        if settings.is_some() {
            return Ok(true);
        }
        if built.is_some() {
            return Ok(false);
        }
        if batches > 0 {
            return Ok(true);
        }
        self.mark_history_indexed().await?;
        Ok(false)
    }

    /// Waits until this connection must end, and says why: another tab opened a newer
    /// schema (`Superseded`: the connection is closed at once, so that the other tab's
    /// upgrade goes on instead of waiting for this one), or the browser closed it because
    /// its storage failed (`Broken`). Pending forever when neither happens.
    ///
    /// The future does not hold the store: a store that is dropped still lets go.
    pub fn ending(&self) -> impl std::future::Future<Output = StoreError> + 'static {
        let changes = self.changes.borrow_mut().take();
        let database = self.database.clone();
        async move {
            let Some(mut changes) = changes else {
                return futures::future::pending().await;
            };
            match std::future::poll_fn(|context| changes.poll_recv(context)).await {
                Some(_) => {
                    database.close();
                    StoreError::Superseded
                }
                None => StoreError::Broken("the browser closed the database".to_owned()),
            }
        }
    }

    /// True when a newer Packwright wrote this database: it is shown, never changed.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Schema 1 kept the zone and the clock in one record. Moves the zone into the
    /// workspace (as the event that sets it) and the clock to its own record, in one
    /// transaction; does nothing once done.
    pub(super) async fn migrate_v1_records(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        let transaction = self.writing([META, EVENTS, MENTIONS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let Some(settings) =
                read_json::<SettingsV1>(meta.get(SETTINGS_V1_KEY).primitive()?.await?)?
            else {
                return Ok(());
            };
            let head = read_head(&meta).await?;
            let mut next = head;
            // The zone was set by the time of the database's own clock, simulated or not (an
            // old demo's zone change must not postdate its clock).
            let now = legacy::clock_record(&settings.clock.to_string())
                .map_or(now, |clock| clock.now(now));
            if settings.time_zone != PublisherZone::utc() {
                next.revision += 1;
                let events = vec![Event {
                    at: now,
                    change: Change::PublisherTimeZoneChanged {
                        from: PublisherZone::utc(),
                        to: settings.time_zone,
                    },
                    by: None,
                }];
                write_batches(
                    &transaction.object_store(EVENTS)?,
                    &transaction.object_store(MENTIONS)?,
                    head.revision,
                    [events.as_slice()],
                )
                .await?;
            }
            meta.put(to_json(&settings.clock))
                .with_key(CLOCK_KEY)
                .primitive()?
                .await?;
            put_head(&meta, &next).await?;
            meta.delete(SETTINGS_V1_KEY).primitive()?.await?;
            Ok(())
        }
        .await;
        committed(transaction, written).await
    }
}
