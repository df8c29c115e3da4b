//! The server's PostgreSQL connections over TLS. Amazon RDS for PostgreSQL 15 and
//! later refuses connections without TLS by default, and estante was built without
//! any: it could not reach the production database at all. The test owns a cluster
//! that refuses them the same way.

#![allow(clippy::unwrap_used)]

use estante_tests::process::PgCluster;

#[tokio::test]
async fn connects_to_a_database_that_requires_tls() {
    let (cluster, authority) = PgCluster::start_tls_only();
    let url = cluster.url("postgres");

    // Without TLS the server refuses, as RDS does: the test would pass for nothing
    // if it took plain connections.
    let refused = reach(&format!("{url}?sslmode=disable")).await.unwrap_err();
    assert!(refused.contains("no encryption"), "{refused}");

    // A URL as an administrator writes it, with no sslmode, and one that checks the
    // server's certificate against the authority that signed it.
    let verified = format!(
        "{url}?sslmode=verify-full&sslrootcert={}",
        authority.display()
    );
    for url in [url.clone(), format!("{url}?sslmode=require"), verified] {
        let store = estante_backend::storage::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        store
            .create_user(&format!("user{}", url.len()), None)
            .await
            .unwrap();
    }

    // A certificate from another authority is rejected when the URL requests verification.
    let (_other, other_authority) = PgCluster::start_tls_only();
    let spoofed = format!(
        "{url}?sslmode=verify-full&sslrootcert={}",
        other_authority.display()
    );
    let error = reach(&spoofed).await.unwrap_err();
    assert!(error.to_lowercase().contains("certificate"), "{error}");
}

/// Opens a store on `url` and runs one statement, since the pool connects only when
/// a statement needs it.
async fn reach(url: &str) -> Result<(), String> {
    let store = estante_backend::storage::connect(url)
        .await
        .map_err(|error| error.to_string())?;
    store.ping().await.map_err(|error| error.to_string())
}
