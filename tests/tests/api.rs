//! The HTTP API through a real server on port 0, on both databases.

#![allow(clippy::unwrap_used)]

use estante_tests::{Backend, Client, TestServer, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

both_backends! {
    auth_required => crate::auth_required;
    book_lifecycle => crate::book_lifecycle;
    concurrent_edits_get_412 => crate::concurrent_edits_get_412;
    entry_has_its_own_etag => crate::entry_has_its_own_etag;
    bad_input_names_field => crate::bad_input_names_field;
    labels_over_http => crate::labels_over_http;
    import_and_export_files => crate::import_and_export_files;
    login_issues_tokens => crate::login_issues_tokens;
    import_non_ascii_isbn => crate::import_non_ascii_isbn;
    import_cut_off_row_rejected => crate::import_cut_off_row_rejected;
    import_report_titles_cut => crate::import_report_titles_cut;
    future_dates_rejected => crate::future_dates_rejected;
    one_line_text_refuses_control_characters => crate::one_line_text_refuses_control_characters;
    tokens_listed_and_revoked => crate::tokens_listed_and_revoked;
    contributors_limited => crate::contributors_limited;
    nul_filters_and_array_bodies => crate::nul_filters_and_array_bodies;
    merge_joins_two_copies => crate::merge_joins_two_copies;
    taken_isbn_names_the_book => crate::taken_isbn_names_the_book;
}

/// Adding a book with an ISBN-13 that another book had got a 409 with the number
/// alone, and search does not cover ISBNs, so the reader could not find the other
/// book.
async fn taken_isbn_names_the_book(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let dune = client
        .post(
            "/api/v1/books",
            json!({"title": "Dune", "isbn13": "9780441013593"}),
        )
        .await;
    assert_eq!(dune.status, StatusCode::CREATED, "{}", dune.text);
    let dune_id = dune.body["id"].as_i64().unwrap();

    // The ISBN-10 of the same book, filled into its ISBN-13.
    let copy = client
        .post(
            "/api/v1/books",
            json!({"title": "Dune (copy)", "isbn10": "0441013597"}),
        )
        .await;
    assert_problem(&copy, StatusCode::CONFLICT, Some("isbn13"));
    let detail = copy.body["detail"].as_str().unwrap();
    assert!(detail.contains(&format!("book {dune_id}")), "{detail}");
    assert!(detail.contains("\"Dune\""), "{detail}");

    let other = client.post("/api/v1/books", json!({"title": "Emma"})).await;
    let path = format!("/api/v1/books/{}", other.body["id"]);
    let mut fields = estante_tests::book_fields(&other.body);
    fields["isbn13"] = json!("9780441013593");
    let edited = client
        .send(Method::PUT, &path, Some(fields), Some(other.etag()))
        .await;
    assert_problem(&edited, StatusCode::CONFLICT, Some("isbn13"));
    assert!(
        edited.body["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("book {dune_id}")),
        "{}",
        edited.text
    );

    // A book keeps its own ISBN through an edit.
    let dune_path = format!("/api/v1/books/{dune_id}");
    let mut fields = estante_tests::book_fields(&dune.body);
    fields["pages"] = json!(412);
    let repaged = client
        .send(Method::PUT, &dune_path, Some(fields), Some(dune.etag()))
        .await;
    assert_eq!(repaged.status, StatusCode::OK, "{}", repaged.text);
}

fn assert_problem(reply: &estante_tests::Reply, status: StatusCode, field: Option<&str>) {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert_eq!(
        reply.headers["content-type"], "application/problem+json",
        "{}",
        reply.text
    );
    assert_eq!(reply.body["status"], status.as_u16());
    assert!(
        reply.body["type"]
            .as_str()
            .unwrap()
            .starts_with("/problems/")
    );
    assert!(!reply.body["detail"].as_str().unwrap().is_empty());
    if let Some(field) = field {
        assert_eq!(reply.body["field"], field, "{}", reply.text);
    }
}

async fn auth_required(backend: Backend) {
    let server = TestServer::start(backend).await;
    let anonymous = server.anonymous();

    let health = anonymous.get("/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    let ready = anonymous.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["status"], "ready");
    let openapi = anonymous.get("/api/v1/openapi.json").await;
    assert_eq!(openapi.status, StatusCode::OK);
    assert!(openapi.body["paths"]["/api/v1/books"].is_object());

    for path in [
        "/api/v1/books",
        "/api/v1/shelves",
        "/api/v1/stats",
        "/api/v1/me",
    ] {
        let reply = anonymous.get(path).await;
        assert_problem(&reply, StatusCode::UNAUTHORIZED, None);
    }
    let mut wrong = anonymous.clone();
    wrong.token = Some("est_not-a-real-token".to_string());
    assert_problem(
        &wrong.get("/api/v1/books").await,
        StatusCode::UNAUTHORIZED,
        None,
    );
    // A query on an operation that takes none got a 422 about the query, even for a
    // client without a valid token, which needs the 401 first.
    for client in [&anonymous, &wrong] {
        let reply = client.get("/api/v1/me?verbose=1").await;
        assert_problem(&reply, StatusCode::UNAUTHORIZED, None);
    }
    let stray = server.client("ana").await.get("/api/v1/me?verbose=1").await;
    assert_problem(&stray, StatusCode::UNPROCESSABLE_ENTITY, Some("verbose"));
    let login = anonymous
        .post(
            "/api/v1/tokens?remember=1",
            serde_json::json!({"name": "ana"}),
        )
        .await;
    assert_problem(&login, StatusCode::UNPROCESSABLE_ENTITY, Some("remember"));
    let missing = anonymous.get("/api/v1/nothing-here").await;
    assert_problem(&missing, StatusCode::NOT_FOUND, Some("path"));
    assert_eq!(
        missing.body["detail"], "route /api/v1/nothing-here not found",
        "{}",
        missing.text
    );
}

async fn book_lifecycle(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;

    let created = client
        .post(
            "/api/v1/books",
            json!({
                "title": "The Left Hand of Darkness",
                "isbn10": "0-441-47812-3",
                "contributors": [{"name": "Ursula K.  Le Guin", "role": "author"}],
                "pages": 304,
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(created.etag(), 1);
    assert_eq!(
        created.body["isbn13"], "9780441478125",
        "ISBN-13 filled from ISBN-10"
    );
    assert_eq!(created.body["isbn10"], "0441478123");
    assert_eq!(created.body["contributors"][0]["name"], "Ursula K. Le Guin");
    assert_eq!(created.body["entry"]["status"], "want_to_read");

    let path = format!("/api/v1/books/{id}");
    let entry_path = format!("{path}/entry");
    let rated = client
        .send(
            Method::PATCH,
            &entry_path,
            Some(json!({"rating": 4.75, "status": "read"})),
            Some(1),
        )
        .await;
    assert_eq!(rated.status, StatusCode::OK, "{}", rated.text);
    assert_eq!(rated.body["rating"], 4.75);
    assert_eq!(rated.etag(), 2);

    let reading = client
        .post(
            &format!("{path}/readings"),
            json!({"started": "2024-01", "finished": "2024-02-11"}),
        )
        .await;
    assert_eq!(reading.status, StatusCode::CREATED, "{}", reading.text);

    let shown = client.get(&path).await;
    assert_eq!(shown.body["entry"]["rating"], 4.75);
    assert_eq!(shown.body["readings"][0]["finished"], "2024-02-11");

    let mut fields = estante_tests::book_fields(&shown.body);
    fields["subtitle"] = json!("A novel");
    let updated = client.send(Method::PUT, &path, Some(fields), Some(1)).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["subtitle"], "A novel");
    assert_eq!(updated.etag(), 2);

    let searched = client.get("/api/v1/books?q=guin%20left").await;
    assert_eq!(searched.body["total"], 1, "{}", searched.text);
    assert_eq!(searched.body["total_exact"], true, "{}", searched.text);
    let by_id = client.get("/api/v1/books?q=guin&sort=id&order=desc").await;
    assert_eq!(by_id.status, StatusCode::OK, "{}", by_id.text);
    assert_eq!(
        by_id.body["items"][0]["id"], shown.body["id"],
        "{}",
        by_id.text
    );
    // The entry moved to version 2 with the rating above, and to 3 with the reading.
    // A client that read it at version 2 would delete a reading it never saw.
    assert_eq!(shown.body["entry"]["version"], 3, "{}", shown.text);
    let stale = client
        .send(
            Method::DELETE,
            &format!("{path}?entry_version=2"),
            None,
            Some(2),
        )
        .await;
    assert_problem(
        &stale,
        StatusCode::PRECONDITION_FAILED,
        Some("entry_version"),
    );
    assert_eq!(stale.body["current_version"], 3, "{}", stale.text);
    let detail = stale.body["detail"].as_str().unwrap();
    assert!(detail.contains("entry_version=3"), "{detail}");
    let unknown = client
        .send(Method::DELETE, &format!("{path}?entry=2"), None, Some(2))
        .await;
    assert_problem(&unknown, StatusCode::UNPROCESSABLE_ENTITY, None);
    // A version below 1 is a mistake in the request, not a stale read.
    for junk in ["0", "-1"] {
        let reply = client
            .send(
                Method::DELETE,
                &format!("{path}?entry_version={junk}"),
                None,
                Some(2),
            )
            .await;
        assert_problem(
            &reply,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("entry_version"),
        );
    }
    assert_eq!(client.get(&path).await.status, StatusCode::OK);

    let deleted = client
        .send(
            Method::DELETE,
            &format!("{path}?entry_version=3"),
            None,
            Some(2),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_problem(&client.get(&path).await, StatusCode::NOT_FOUND, None);
}

/// The entry's version is not the book's. GET on the entry's URL returned 405, so
/// a client that followed "the version from the last read" sent the book's ETag,
/// and when the two counts happened to be equal another client's review was
/// overwritten. GET on the entry's URL now returns the entry's own ETag.
async fn entry_has_its_own_etag(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let created = client
        .post("/api/v1/books", json!({"title": "Etag test"}))
        .await;
    let book_path = format!("/api/v1/books/{}", created.body["id"]);
    let entry_path = format!("{book_path}/entry");
    let renamed = client
        .send(
            Method::PUT,
            &book_path,
            Some(json!({"title": "Etag test", "pages": 10})),
            Some(1),
        )
        .await;
    assert_eq!(renamed.etag(), 2);

    let entry = client.get(&entry_path).await;
    assert_eq!(entry.status, StatusCode::OK, "{}", entry.text);
    assert_eq!(entry.etag(), 1);
    assert_eq!(entry.body["version"], 1);
    assert_eq!(entry.body["status"], "want_to_read");

    let written = client
        .send(
            Method::PATCH,
            &entry_path,
            Some(json!({"review": "kept"})),
            Some(entry.etag()),
        )
        .await;
    assert_eq!(written.status, StatusCode::OK, "{}", written.text);
    let again = client.get(&entry_path).await;
    assert_eq!(again.etag(), 2);
    assert_eq!(again.body["review"], "kept");

    let missing = client.get("/api/v1/books/999999/entry").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

async fn concurrent_edits_get_412(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let created = client
        .post("/api/v1/books", json!({"title": "Middlemarch"}))
        .await;
    let entry_path = format!("/api/v1/books/{}/entry", created.body["id"]);

    let first = client
        .send(
            Method::PATCH,
            &entry_path,
            Some(json!({"rating": 5})),
            Some(1),
        )
        .await;
    let second = client
        .send(
            Method::PATCH,
            &entry_path,
            Some(json!({"rating": 1})),
            Some(1),
        )
        .await;
    let unconditional = client
        .send(Method::PATCH, &entry_path, Some(json!({"rating": 1})), None)
        .await;

    assert_eq!(first.status, StatusCode::OK);
    assert_problem(&second, StatusCode::PRECONDITION_FAILED, None);
    assert_eq!(second.body["current_version"], 2);
    assert_problem(
        &unconditional,
        StatusCode::PRECONDITION_REQUIRED,
        Some("If-Match"),
    );
    let kept = client
        .get(&format!("/api/v1/books/{}", created.body["id"]))
        .await;
    assert_eq!(
        kept.body["entry"]["rating"], 5.0,
        "the stale write changed nothing"
    );

    // A patch that changes nothing keeps the version, so it cannot make another
    // client's copy stale; a stale version is still refused.
    for unchanged in [json!({}), json!({"rating": 5}), json!({"review": null})] {
        let reply = client
            .send(Method::PATCH, &entry_path, Some(unchanged.clone()), Some(2))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{unchanged}: {}", reply.text);
        assert_eq!(reply.body["version"], 2, "{unchanged}");
        assert_eq!(reply.headers["etag"], "\"2\"", "{unchanged}");
    }
    let stale_empty = client
        .send(Method::PATCH, &entry_path, Some(json!({})), Some(1))
        .await;
    assert_problem(&stale_empty, StatusCode::PRECONDITION_FAILED, None);
    let changed = client
        .send(
            Method::PATCH,
            &entry_path,
            Some(json!({"rating": 4})),
            Some(2),
        )
        .await;
    assert_eq!(changed.body["version"], 3, "{}", changed.text);
}

async fn bad_input_names_field(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let cases = [
        (json!({"title": ""}), "title"),
        (json!({"title": "X", "isbn13": "9780441478126"}), "isbn13"),
        (json!({"title": "X", "isbn10": "0441478124"}), "isbn10"),
        (json!({"title": "X", "pages": -3}), "pages"),
        (json!({"title": "X", "pages": 1e30}), "pages"),
        (
            json!({"title": "X", "entry": {"status": "read", "rating": 4.1}}),
            "entry.rating",
        ),
        (
            json!({"title": "X", "entry": {"status": "reading", "date_added": "2023/02/30"}}),
            "entry.date_added",
        ),
        (
            json!({"title": "X", "entry": {"status": "shelved"}}),
            "entry.status",
        ),
        (
            json!({"title": "X", "isbn10": "0441478123", "isbn13": "9780316129084"}),
            "isbn10",
        ),
        // A multi-byte character across byte 4 once made the ISBN check panic.
        (
            json!({"title": "X", "isbn13": "Caf\u{e9} at the Edge"}),
            "isbn13",
        ),
        (json!({"title": "X", "isbn10": "ab\u{2018}cd"}), "isbn10"),
        (json!({"title": "X", "entry": "read"}), "entry"),
        // serde reads a struct from an array too, field by field.
        (json!({"title": "X", "entry": ["read", 4.5]}), "entry"),
        (json!(["Array Title"]), "body"),
        // PostgreSQL cannot store a NUL, and it once returned 500 for one.
        (json!({"title": "a\u{0}"}), "title"),
        (
            json!({"title": "X", "contributors": [{"name": "A\u{0}B", "role": "author"}]}),
            "contributors",
        ),
        (
            json!({"title": "X", "entry": {"review": "ok\u{0}"}}),
            "review",
        ),
        // serde skips a key it has no field for, and the value was lost unseen.
        (
            json!({"title": "X", "entry": {"status": "read", "dateAdded": "2024-01-01"}}),
            "entry.dateAdded",
        ),
        (json!({"title": "X", "autor": "Machado de Assis"}), "autor"),
        (
            json!({"title": "X", "entry": {"date_added": "0000"}}),
            "entry.date_added",
        ),
        (
            json!({"title": "X", "contributors": [{"name": "A", "role": "author", "nmae": "B"}]}),
            "contributors[0].nmae",
        ),
        (
            json!({"title": "X", "series": {"name": "Saga", "idx": 2}}),
            "series.idx",
        ),
    ];
    for (body, field) in cases {
        let reply = client.post("/api/v1/books", body.clone()).await;
        assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, Some(field));
    }
    let not_json = client
        .http
        .post(format!("{}/api/v1/books", client.base))
        .bearer_auth(client.token.as_ref().unwrap())
        .header("content-type", "text/plain")
        .body("title=X")
        .send()
        .await
        .unwrap();
    let not_json = estante_tests::Client::reply(not_json).await;
    assert_problem(
        &not_json,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("Content-Type"),
    );

    // serde_json keeps the last of two equal keys, and the first value was lost.
    for (raw, field, key) in [
        (r#"{"title": "X", "title": "Y"}"#, "body", "title"),
        (
            r#"{"title": "X", "entry": {"rating": 5, "rating": 1}}"#,
            "entry",
            "rating",
        ),
    ] {
        let sent = client
            .http
            .post(format!("{}/api/v1/books", client.base))
            .bearer_auth(client.token.as_ref().unwrap())
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        let reply = estante_tests::Client::reply(sent).await;
        assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, Some(field));
        let detail = reply.body["detail"].as_str().unwrap();
        assert!(
            detail.contains(&format!("“{key}” appears twice")),
            "{detail}"
        );
    }

    let bad_query = client.get("/api/v1/books?limit=0").await;
    assert_problem(&bad_query, StatusCode::UNPROCESSABLE_ENTITY, Some("limit"));

    // Each detail quotes the value and names the parameter as the API spells it;
    // serde's own words ("invalid digit found in string") named neither.
    for (query, field, quoted) in [
        ("limit=-1", "limit", "“-1”"),
        ("limit=ten", "limit", "“ten”"),
        ("limit=99999999999", "limit", "99999999999"),
        ("min_rating=high", "min_rating", "“high”"),
        ("min_rating=6", "min_rating", "6 stars"),
        ("year_read=0", "year_read", "0 is not between 1 and 9999"),
        ("year_read=-44", "year_read", "-44"),
        // A misspelled filter once listed the whole library as if it were applied.
        (
            "min_ratng=4",
            "min_ratng",
            "no query parameter by this name",
        ),
        // serde's own "duplicate field" stayed in English in every language.
        ("limit=5&limit=6", "limit", "more than once"),
    ] {
        let reply = client.get(&format!("/api/v1/books?{query}")).await;
        assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, Some(field));
        let detail = reply.body["detail"].as_str().unwrap();
        assert!(detail.contains(quoted), "{query}: {detail}");
    }
    let bad_status = client.get("/api/v1/books?status=finished").await;
    assert_problem(
        &bad_status,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("status"),
    );
    for year in ["0", "3000"] {
        let stats = client.get(&format!("/api/v1/stats?year={year}")).await;
        assert_problem(&stats, StatusCode::UNPROCESSABLE_ENTITY, Some("year"));
    }
    let misspelled = client.get("/api/v1/stats?yaer=2024").await;
    assert_problem(&misspelled, StatusCode::UNPROCESSABLE_ENTITY, Some("yaer"));

    // A query parameter that the operation does not take is refused: a DELETE with
    // ?dry_run=true once deleted the book the client meant only to try.
    let created = client.post("/api/v1/books", json!({"title": "Kept"})).await;
    let id = created.body["id"].as_i64().unwrap();
    let dry = client
        .send(
            Method::DELETE,
            &format!("/api/v1/books/{id}?dry_run=true"),
            None,
            Some(1),
        )
        .await;
    assert_problem(&dry, StatusCode::UNPROCESSABLE_ENTITY, Some("dry_run"));
    let still = client.get(&format!("/api/v1/books/{id}")).await;
    assert_eq!(still.status, StatusCode::OK);
    let me = client.get("/api/v1/me?x=1").await;
    assert_problem(&me, StatusCode::UNPROCESSABLE_ENTITY, Some("x"));
    let deleted = client
        .send(
            Method::DELETE,
            &format!("/api/v1/books/{id}"),
            None,
            Some(1),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let this_year = chrono::Utc::now().format("%Y").to_string();
    let stats = client.get(&format!("/api/v1/stats?year={this_year}")).await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.text);
    let bad_cursor = client.get("/api/v1/books?cursor=abc").await;
    assert_problem(
        &bad_cursor,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("cursor"),
    );

    let listed = client.get("/api/v1/books").await;
    assert_eq!(
        listed.body["total"], 0,
        "no rejected request wrote anything"
    );
}

async fn labels_over_http(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let book = client.post("/api/v1/books", json!({"title": "Emma"})).await;
    let id = book.body["id"].as_i64().unwrap();

    let shelf = client
        .post("/api/v1/shelves", json!({"name": "favourites"}))
        .await;
    assert_eq!(shelf.status, StatusCode::CREATED);
    let shelf_id = shelf.body["id"].as_i64().unwrap();
    let duplicate = client
        .post("/api/v1/shelves", json!({"name": "favourites"}))
        .await;
    assert_problem(&duplicate, StatusCode::CONFLICT, Some("shelf name"));
    // A Goodreads export lists shelves with commas between them, so a name with a
    // comma came back from it as two shelves.
    for (path, field) in [
        ("/api/v1/shelves", "shelf name"),
        ("/api/v1/tags", "tag name"),
    ] {
        let comma = client
            .post(path, json!({"name": "Realismo mágico, latino"}))
            .await;
        assert_problem(&comma, StatusCode::UNPROCESSABLE_ENTITY, Some(field));
        let detail = comma.body["detail"].as_str().unwrap();
        assert!(detail.contains("contains a comma"), "{detail}");
    }
    let put = client
        .send(
            Method::PUT,
            &format!("/api/v1/shelves/{shelf_id}/books/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!(put.status, StatusCode::NO_CONTENT);

    let on_shelf = client.get("/api/v1/books?shelf=favourites").await;
    assert_eq!(on_shelf.body["total"], 1);
    let shown = client.get(&format!("/api/v1/books/{id}")).await;
    assert_eq!(shown.body["shelves"], json!(["favourites"]));
    // Putting the book on the shelf moved the shelf's version, which covers its books.
    let renamed = client
        .send(
            Method::PATCH,
            &format!("/api/v1/shelves/{shelf_id}"),
            Some(json!({"name": "best"})),
            Some(2),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    assert_eq!(renamed.body["book_count"], 1);
    let listed = client.get("/api/v1/shelves").await;
    assert_eq!(listed.body[0]["name"], "best");
    let comma = client
        .send(
            Method::PATCH,
            &format!("/api/v1/shelves/{shelf_id}"),
            Some(json!({"name": "best, really"})),
            Some(3),
        )
        .await;
    assert_problem(&comma, StatusCode::UNPROCESSABLE_ENTITY, Some("shelf name"));
}

const SMALL_GOODREADS: &str = "Book Id,Title,Author,Additional Authors,ISBN,ISBN13,My Rating,\
Number of Pages,Date Read,Date Added,Bookshelves,Exclusive Shelf,My Review,Read Count\n\
1,\"Dune (Dune, #1)\",Frank Herbert,,\"=\"\"0441013597\"\"\",\"=\"\"9780441013593\"\"\",5,\
412,2020/05/01,2019/01/02,\"sci-fi, favourites\",read,Great<br/>book,1\n\
2,Untitled Draft,Nobody,,\"=\"\"\"\"\",\"=\"\"\"\"\",0,,,2021/03/04,,to-read,,0\n\
3,,Missing Title,,,,0,,,2021/03/04,,to-read,,0\n";

/// An ISBN cell with a multi-byte character across byte 4 once panicked the import
/// handler, so the client got a dropped connection in place of a row report.
async fn import_non_ascii_isbn(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let file = "Book Id,Title,Author,ISBN,ISBN13,Date Added,Exclusive Shelf\n\
                1,The Quiet Orchard,Mara Lindqvist,Caf\u{e9} at the Edge,,2024/01/05,to-read\n";

    let report = client
        .upload("/api/v1/imports", file.as_bytes().to_vec(), None)
        .await;

    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert_eq!(report.body["format"], "goodreads", "{}", report.text);
    let rows = report.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", report.text);
    assert_eq!(client.get("/api/v1/books").await.body["total"], 1);
}

/// Checks that a file ending in the middle of a row imports the full rows and
/// rejects the half-written one, which would otherwise become a book with no author.
async fn import_cut_off_row_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let file = "Book Id,Title,Author,Date Added,Exclusive Shelf\n\
                1,The Quiet Orchard,Mara Lindqvist,2024/01/05,to-read\n\
                40120819,How Much of These Hills";

    let report = client
        .upload("/api/v1/imports", file.as_bytes().to_vec(), None)
        .await;

    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert_eq!(report.body["imported"], 1, "{}", report.text);
    assert_eq!(report.body["rejected"], 1, "{}", report.text);
    let rows = report.body["rows"].as_array().unwrap();
    assert_eq!(rows[1]["row"], 2);
    assert_eq!(rows[1]["outcome"], "rejected");
    let reason = rows[1]["reason"].as_str().unwrap();
    assert!(reason.contains("2 fields"), "{reason}");
    assert!(reason.contains("header has 5"), "{reason}");
    assert!(reason.contains("cut off"), "{reason}");
    assert_eq!(client.get("/api/v1/books").await.body["total"], 1);
}

/// Row reports carry at most 200 characters of a title, whatever the outcome, so a
/// huge title in the file is not echoed back whole.
async fn import_report_titles_cut(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let too_long = "x".repeat(50_000);
    let long = "y".repeat(300);
    let file = format!(
        "Book Id,Title,Author,Date Added,Exclusive Shelf\n\
         1,{too_long},Mara Lindqvist,2024/01/05,to-read\n\
         2,{long},Owen Achterberg,2024/01/05,to-read\n"
    );

    let report = client
        .upload("/api/v1/imports", file.into_bytes(), None)
        .await;

    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert_eq!(report.body["rejected"], 1, "{}", report.text);
    assert_eq!(report.body["imported"], 1, "{}", report.text);
    assert!(report.text.len() < 2_000, "{} bytes", report.text.len());
    let rows = report.body["rows"].as_array().unwrap();
    for (row, letter) in rows.iter().zip(["x", "y"]) {
        let title = row["title"].as_str().unwrap();
        assert_eq!(title.chars().count(), 200, "{title}");
        assert!(title.ends_with('…'), "{title}");
        assert!(title.starts_with(letter), "{title}");
    }
    let stored = client.get("/api/v1/books").await;
    let stored_title = stored.body["items"][0]["title"].as_str().unwrap();
    assert_eq!(stored_title, long);
}

async fn import_and_export_files(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;

    let report = client
        .upload("/api/v1/imports", SMALL_GOODREADS.as_bytes().to_vec(), None)
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert_eq!(report.body["format"], "goodreads");
    assert_eq!(report.body["imported"], 2);
    assert_eq!(report.body["rejected"], 1);
    let rows = report.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["outcome"], "rejected");
    assert!(!rows[2]["reason"].as_str().unwrap().is_empty());

    // Two files in one form: the second replaced the first without a word. The
    // upload is refused, and neither file is imported.
    let part = |name: &str| {
        reqwest::multipart::Part::bytes(SMALL_GOODREADS.as_bytes().to_vec())
            .file_name(name.to_string())
    };
    let form = reqwest::multipart::Form::new()
        .part("file", part("first.csv"))
        .part("file", part("second.csv"));
    let twice = Client::reply(
        client
            .http
            .post(format!("{}/api/v1/imports", client.base))
            .bearer_auth(client.token.as_deref().unwrap())
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_problem(&twice, StatusCode::UNPROCESSABLE_ENTITY, Some("file"));
    assert!(twice.text.contains("twice"), "{}", twice.text);

    let again = client
        .upload(
            "/api/v1/imports",
            SMALL_GOODREADS.as_bytes().to_vec(),
            Some("goodreads"),
        )
        .await;
    assert_eq!(again.body["imported"], 0, "{}", again.text);
    assert_eq!(again.body["merged"], 2);
    assert_eq!(client.get("/api/v1/books").await.body["total"], 2);

    let dune = client.get("/api/v1/books?q=dune").await;
    let dune = client
        .get(&format!("/api/v1/books/{}", dune.body["items"][0]["id"]))
        .await;
    assert_eq!(dune.body["title"], "Dune");
    assert_eq!(dune.body["series"]["name"], "Dune");
    assert_eq!(dune.body["entry"]["rating"], 5.0);
    assert_eq!(dune.body["entry"]["review"], "Great\nbook");
    assert_eq!(dune.body["shelves"], json!(["favourites", "sci-fi"]));

    let csv = client.get("/api/v1/export?format=goodreads").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(csv.text.contains("=\"\"9780441013593\"\""), "{}", csv.text);
    let archive = client.get("/api/v1/export?format=archive").await;
    assert_eq!(archive.body["format"], "estante-archive");
    assert_eq!(archive.body["records"].as_array().unwrap().len(), 2);

    let other = server.client("bia").await;
    let restored = other
        .upload(
            "/api/v1/imports",
            archive.text.into_bytes(),
            Some("archive"),
        )
        .await;
    assert_eq!(restored.body["imported"], 2, "{}", restored.text);
    let copy = other.get("/api/v1/export?format=archive").await;
    assert_eq!(copy.body["records"], archive.body["records"]);

    let garbage = client
        .upload("/api/v1/imports", b"\x00\x01 not an export".to_vec(), None)
        .await;
    assert_problem(&garbage, StatusCode::UNPROCESSABLE_ENTITY, Some("file"));
    let bad_format = client
        .upload(
            "/api/v1/imports",
            SMALL_GOODREADS.as_bytes().to_vec(),
            Some("kindle"),
        )
        .await;
    assert_problem(
        &bad_format,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("format"),
    );
}

async fn login_issues_tokens(backend: Backend) {
    let limiter = std::sync::Arc::new(estante_backend::auth::LoginLimiter::default());
    let server =
        TestServer::start_with(backend, |state| state.with_login_limiter(limiter.clone())).await;
    let hash = estante_backend::auth::hash_password("a long passphrase").unwrap();
    server
        .store
        .create_user("carla", Some(&hash))
        .await
        .unwrap();
    let anonymous = server.anonymous();

    let login = anonymous
        .post(
            "/api/v1/tokens",
            json!({"name": "carla", "password": "a long passphrase"}),
        )
        .await;
    assert_eq!(login.status, StatusCode::CREATED, "{}", login.text);
    // The response carries a token, which no cache may keep.
    assert_eq!(login.headers["cache-control"], "no-store");
    assert_eq!(login.headers["x-content-type-options"], "nosniff");
    // A name pasted with spaces around it logs in as the trimmed name that
    // `user add` stores.
    let padded = anonymous
        .post(
            "/api/v1/tokens",
            json!({"name": " carla ", "password": "a long passphrase"}),
        )
        .await;
    assert_eq!(padded.status, StatusCode::CREATED, "{}", padded.text);
    let mut carla = anonymous.clone();
    carla.token = Some(login.body["token"].as_str().unwrap().to_string());
    assert_eq!(carla.get("/api/v1/me").await.body["name"], "carla");

    for _ in 0..5 {
        let wrong = anonymous
            .post(
                "/api/v1/tokens",
                json!({"name": "carla", "password": "guess"}),
            )
            .await;
        assert_problem(&wrong, StatusCode::UNAUTHORIZED, None);
        // A wrong password spoke of bearer tokens, which the login does not take.
        let detail = wrong.body["detail"].as_str().unwrap();
        assert!(
            detail.contains("user name or password is wrong"),
            "{detail}"
        );
    }
    let limited = anonymous
        .post(
            "/api/v1/tokens",
            json!({"name": "carla", "password": "a long passphrase"}),
        )
        .await;
    assert_problem(&limited, StatusCode::TOO_MANY_REQUESTS, None);
    assert!(limited.headers.contains_key("retry-after"));

    // Parallel guesses all passed the check before the first one failed: 40 at once
    // got 12 guesses in. An attempt now counts from its start.
    let hash = estante_backend::auth::hash_password("another passphrase").unwrap();
    server.store.create_user("dora", Some(&hash)).await.unwrap();
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let anonymous = anonymous.clone();
        guesses.spawn(async move {
            let answer = anonymous
                .post(
                    "/api/v1/tokens",
                    json!({"name": "dora", "password": "guess"}),
                )
                .await;
            answer.status
        });
    }
    let answers = guesses.join_all().await;
    let checked = answers
        .iter()
        .filter(|status| **status == StatusCode::UNAUTHORIZED)
        .count();
    let refused = answers
        .iter()
        .filter(|status| **status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, refused), (5, 15));

    // A name longer than any user's is refused without being counted or kept.
    let before = limiter.tracked_names();
    let long = anonymous
        .post(
            "/api/v1/tokens",
            json!({"name": "x".repeat(100_000), "password": "guess"}),
        )
        .await;
    assert_problem(&long, StatusCode::UNAUTHORIZED, None);
    assert_eq!(limiter.tracked_names(), before);

    // A long label was stored whole with the token.
    server.store.create_user("eva", Some(&hash)).await.unwrap();
    let label = anonymous
        .post(
            "/api/v1/tokens",
            json!({"name": "eva", "password": "another passphrase", "label": "l".repeat(201)}),
        )
        .await;
    assert_problem(&label, StatusCode::UNPROCESSABLE_ENTITY, Some("label"));
    // So was a label with a line break, which the token list then showed raw.
    let label = anonymous
        .post(
            "/api/v1/tokens",
            json!({"name": "eva", "password": "another passphrase", "label": "x\ny"}),
        )
        .await;
    assert_problem(&label, StatusCode::UNPROCESSABLE_ENTITY, Some("label"));

    // The server's own 404 for an unknown route is private too.
    let unknown = anonymous.get("/api/v1/nonexistent").await;
    assert_eq!(unknown.headers["cache-control"], "no-store");
    assert_eq!(unknown.headers["x-content-type-options"], "nosniff");

    // A path id too large for a number got an error in a Rust type's words.
    let huge = carla.get("/api/v1/books/99999999999999999999").await;
    assert_problem(&huge, StatusCode::UNPROCESSABLE_ENTITY, Some("path"));
    let detail = huge.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("\"99999999999999999999\" is not an id"),
        "{detail}"
    );
}

/// Tokens lived until revoked, so a leaked one was of use for good. A server may give
/// them a lifetime: the token list gives each expiry, and the sweep deletes
/// those issued longer ago, after which they authenticate nothing.
#[tokio::test]
async fn tokens_expire_after_their_lifetime() {
    let lifetime = std::time::Duration::from_secs(2);
    let server = TestServer::start_with(Backend::Sqlite, |state| {
        state.with_token_lifetime(Some(lifetime))
    })
    .await;
    let old = server.client("ana").await;

    let listed = old.get("/api/v1/tokens").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let created = listed.body[0]["created_at"].as_str().unwrap();
    let issued = chrono::DateTime::parse_from_rfc3339(created).unwrap();
    let expires = listed.body[0]["expires_at"].as_str().unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(expires).unwrap();
    assert_eq!(expires - issued, chrono::Duration::seconds(2));

    let swept = estante_backend::server::sweep_expired_tokens(server.store.as_ref(), lifetime)
        .await
        .unwrap();
    assert_eq!(swept, 0, "a token inside its lifetime is kept");
    assert_eq!(old.get("/api/v1/me").await.status, StatusCode::OK);

    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    let fresh = server.client("bia").await;
    let swept = estante_backend::server::sweep_expired_tokens(server.store.as_ref(), lifetime)
        .await
        .unwrap();
    assert_eq!(swept, 1);
    assert_problem(&old.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, None);
    assert_eq!(fresh.get("/api/v1/me").await.status, StatusCode::OK);

    // Without a lifetime, `expires_at` is null.
    let lasting = TestServer::start(Backend::Sqlite).await;
    let listed = lasting.client("ana").await.get("/api/v1/tokens").await;
    assert_eq!(listed.body[0]["expires_at"], serde_json::Value::Null);
}

/// The login limit counted by name alone, so anyone who failed five times a minute
/// kept the user out. It counts per client: behind the load balancer, the last
/// address of `X-Forwarded-For`; otherwise the connection's peer, whatever the
/// header contains.
#[tokio::test]
async fn login_limit_counts_each_client() {
    let password = "a long passphrase";
    let hash = estante_backend::auth::hash_password(password).unwrap();
    let via = |server: &TestServer, forwarded: &[u8]| {
        let mut client = server.anonymous();
        let mut headers = reqwest::header::HeaderMap::new();
        let value = reqwest::header::HeaderValue::from_bytes(forwarded).unwrap();
        headers.insert("x-forwarded-for", value);
        client.http = reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap();
        client
    };
    let login =
        |name: &'static str, password: &'static str| json!({"name": name, "password": password});

    let balanced =
        TestServer::start_with(Backend::Sqlite, |state| state.with_forwarded_for(true)).await;
    balanced
        .store
        .create_user("gil", Some(&hash))
        .await
        .unwrap();
    // The client writes the first entries and the balancer appends the last one. A
    // byte outside ASCII in the client's entries made the header unreadable, so the
    // client was counted as the balancer. Only the last entry counts now.
    let attacker = via(&balanced, b"caf\xe9, 198.51.100.7");
    for _ in 0..5 {
        let wrong = attacker.post("/api/v1/tokens", login("gil", "guess")).await;
        assert_problem(&wrong, StatusCode::UNAUTHORIZED, None);
    }
    let limited = attacker
        .post("/api/v1/tokens", login("gil", password))
        .await;
    assert_problem(&limited, StatusCode::TOO_MANY_REQUESTS, None);
    let forged = via(&balanced, b"203.0.113.9, 198.51.100.7");
    let still = forged.post("/api/v1/tokens", login("gil", password)).await;
    assert_problem(&still, StatusCode::TOO_MANY_REQUESTS, None);
    let owner = via(&balanced, b"203.0.113.9");
    let logged_in = owner.post("/api/v1/tokens", login("gil", password)).await;
    assert_eq!(logged_in.status, StatusCode::CREATED, "{}", logged_in.text);

    // Without a balancer in front, the header is the client's own word.
    let direct = TestServer::start(Backend::Sqlite).await;
    direct.store.create_user("gil", Some(&hash)).await.unwrap();
    for _ in 0..5 {
        let wrong = via(&direct, b"198.51.100.7")
            .post("/api/v1/tokens", login("gil", "guess"))
            .await;
        assert_problem(&wrong, StatusCode::UNAUTHORIZED, None);
    }
    let other = via(&direct, b"203.0.113.9")
        .post("/api/v1/tokens", login("gil", password))
        .await;
    assert_problem(&other, StatusCode::TOO_MANY_REQUESTS, None);
}

#[tokio::test]
async fn label_lists_paginate() {
    let server = TestServer::start(Backend::Sqlite).await;
    let client = server.client("ana").await;
    for name in ["e & f", "a", "d", "b", "c"] {
        let created = client.post("/api/v1/tags", json!({"name": name})).await;
        assert_eq!(created.status, StatusCode::CREATED);
    }

    let mut names = Vec::new();
    let mut path = "/api/v1/tags?limit=2".to_string();
    let mut pages = 0;
    loop {
        let page = client.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert_eq!(page.headers["x-total-count"], "5");
        pages += 1;
        for label in page.body.as_array().unwrap() {
            names.push(label["name"].as_str().unwrap().to_string());
        }
        let Some(link) = page.headers.get("link") else {
            break;
        };
        let link = link.to_str().unwrap();
        assert!(link.ends_with("; rel=\"next\""), "{link}");
        path = link[1..link.find('>').unwrap()].to_string();
    }

    assert_eq!(pages, 3);
    assert_eq!(names, vec!["a", "b", "c", "d", "e & f"]);
    let bad = client.get("/api/v1/tags?cursor=@@@").await;
    assert_problem(&bad, StatusCode::UNPROCESSABLE_ENTITY, Some("cursor"));
    let zero = client.get("/api/v1/shelves?limit=0").await;
    assert_problem(&zero, StatusCode::UNPROCESSABLE_ENTITY, Some("limit"));
}

/// 50,000 contributors in one request held SQLite's lock for seconds while every
/// other user's write waited. A book takes 1,000; an import keeps the first 1,000.
async fn contributors_limited(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let names =
        |count: usize| -> Vec<String> { (0..count).map(|n| format!("Person {n}")).collect() };

    let contributors: Vec<_> = names(1_001)
        .into_iter()
        .map(|name| json!({"name": name, "role": "author"}))
        .collect();
    let refused = client
        .post(
            "/api/v1/books",
            json!({"title": "Crowded", "contributors": contributors}),
        )
        .await;
    assert_problem(
        &refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("contributors"),
    );
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(detail.contains("1,001 contributors"), "{detail}");

    let file = format!(
        "Title,Author,Additional Authors\nCrowded,First Author,\"{}\"\n",
        names(1_200).join(", ")
    );
    let imported = client
        .upload("/api/v1/imports", file.into_bytes(), Some("goodreads"))
        .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text);
    assert_eq!(imported.body["flagged"], 1, "{}", imported.text);
    let reason = imported.body["rows"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("the first 1,000 were kept"), "{reason}");
    let id = imported.body["rows"][0]["book_id"].as_i64().unwrap();
    let book = client.get(&format!("/api/v1/books/{id}")).await;
    assert_eq!(book.body["contributors"].as_array().unwrap().len(), 1_000);
}

/// Tokens could be neither listed nor revoked, so a token on a lost laptop worked
/// for good. A reader now lists them and revokes one, or the one in use to log out.
async fn tokens_listed_and_revoked(backend: Backend) {
    let server = TestServer::start(backend).await;
    let hash = estante_backend::auth::hash_password("a long passphrase").unwrap();
    server.store.create_user("lia", Some(&hash)).await.unwrap();
    let anonymous = server.anonymous();
    let login = async |label: &str| {
        let reply = anonymous
            .post(
                "/api/v1/tokens",
                json!({"name": "lia", "password": "a long passphrase", "label": label}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        let mut client = anonymous.clone();
        client.token = Some(reply.body["token"].as_str().unwrap().to_string());
        client
    };
    let laptop = login("laptop").await;
    let desk = login("desk").await;
    let other = server.client("ana").await;

    let listed = desk.get("/api/v1/tokens").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let tokens = listed.body.as_array().unwrap();
    let labels: Vec<(&str, bool)> = tokens
        .iter()
        .map(|t| {
            (
                t["label"].as_str().unwrap(),
                t["current"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(labels, [("laptop", false), ("desk", true)]);
    assert!(!listed.text.contains("est_"), "{}", listed.text);
    let laptop_id = tokens[0]["id"].as_i64().unwrap();

    // Another user's token is not found, and stays valid.
    let foreign = other
        .send(
            Method::DELETE,
            &format!("/api/v1/tokens/{laptop_id}"),
            None,
            None,
        )
        .await;
    assert_problem(&foreign, StatusCode::NOT_FOUND, None);
    assert_eq!(laptop.get("/api/v1/me").await.status, StatusCode::OK);

    let revoked = desk
        .send(
            Method::DELETE,
            &format!("/api/v1/tokens/{laptop_id}"),
            None,
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.text);
    assert_problem(
        &laptop.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        None,
    );

    let logged_out = desk
        .send(Method::DELETE, "/api/v1/tokens/current", None, None)
        .await;
    assert_eq!(
        logged_out.status,
        StatusCode::NO_CONTENT,
        "{}",
        logged_out.text
    );
    assert_problem(
        &desk.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        None,
    );
    assert_eq!(other.get("/api/v1/me").await.status, StatusCode::OK);
}

/// A title or a name with a tab, a line break or an escape broke the rows of every
/// list, and the report of the year wrote the escape raw to the reader's terminal.
async fn one_line_text_refuses_control_characters(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;

    let rejected = client
        .post("/api/v1/books", json!({"title": "Dune\u{1b}[2J"}))
        .await;
    assert_problem(&rejected, StatusCode::UNPROCESSABLE_ENTITY, Some("title"));
    let detail = rejected.body["detail"].as_str().unwrap();
    assert!(detail.contains("U+001B at character 5"), "{detail}");
    assert_eq!(client.get("/api/v1/books").await.body["total"], 0);

    let created = client
        .post(
            "/api/v1/books",
            json!({"title": "Dune", "description": "One.\n\n\tTwo."}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let path = format!("/api/v1/books/{}", created.body["id"]);
    let mut fields = estante_tests::book_fields(&created.body);
    fields["publisher"] = json!("Ace\nBooks");
    let updated = client.send(Method::PUT, &path, Some(fields), Some(1)).await;
    assert_problem(
        &updated,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("publisher"),
    );
    assert!(client.get(&path).await.body["publisher"].is_null());
}

/// Dates typed by hand must have happened, so the API rejects a later one as the app
/// does. A client east of UTC may be a day ahead.
async fn future_dates_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let today = chrono::Utc::now().date_naive();
    let later = (today + chrono::Days::new(3))
        .format("%Y-%m-%d")
        .to_string();
    let tomorrow = (today + chrono::Days::new(1))
        .format("%Y-%m-%d")
        .to_string();
    let next_year = (today + chrono::Days::new(400)).format("%Y").to_string();

    let rejected = client
        .post(
            "/api/v1/books",
            json!({"title": "Early", "entry": {"status": "read", "date_added": later}}),
        )
        .await;
    assert_problem(
        &rejected,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("entry.date_added"),
    );
    assert!(
        rejected.body["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("{later} is after today")),
        "{}",
        rejected.text
    );
    assert_eq!(client.get("/api/v1/books").await.body["total"], 0);

    // An entry needs only the fields it sets; the others take their defaults.
    let created = client
        .post(
            "/api/v1/books",
            json!({"title": "Emma", "entry": {"status": "read", "date_added": today.to_string()}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["entry"]["status"], "read");
    assert_eq!(created.body["entry"]["review_spoiler"], false);
    assert_eq!(created.body["entry"]["owned_copies"], 0);
    let path = format!("/api/v1/books/{}", created.body["id"]);
    let readings = format!("{path}/readings");

    for (body, field) in [
        (json!({"started": later}), "started"),
        (json!({"started": "2024-01", "finished": later}), "finished"),
        (
            json!({"started": "2024-01", "stopped": next_year}),
            "stopped",
        ),
        (
            json!({"started": "2024-01", "finshed": "2024-02"}),
            "finshed",
        ),
        (json!(["2024-01", "2024-02"]), "body"),
    ] {
        let reply = client.post(&readings, body.clone()).await;
        assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, Some(field));
    }
    assert_eq!(client.get(&path).await.body["readings"], json!([]));

    let patched = client
        .send(
            Method::PATCH,
            &format!("{path}/entry"),
            Some(json!({"date_added": later})),
            Some(1),
        )
        .await;
    assert_problem(
        &patched,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("date_added"),
    );
    let started_later = client
        .send(
            Method::PATCH,
            &format!("{path}/entry"),
            Some(json!({"status": "reading", "status_date": later})),
            Some(1),
        )
        .await;
    assert_problem(
        &started_later,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("status_date"),
    );

    let reading = client
        .post(
            &readings,
            json!({"started": "2024-01", "finished": tomorrow}),
        )
        .await;
    assert_eq!(reading.status, StatusCode::CREATED, "{}", reading.text);
    let moved = client
        .send(
            Method::PUT,
            &format!("/api/v1/readings/{}", reading.body["id"]),
            Some(json!({"started": "2024-01", "finished": later})),
            Some(1),
        )
        .await;
    assert_problem(&moved, StatusCode::UNPROCESSABLE_ENTITY, Some("finished"));
    let misspelt = client
        .send(
            Method::PUT,
            &format!("/api/v1/readings/{}", reading.body["id"]),
            Some(json!({"started": "2024-01", "progres": 40})),
            Some(1),
        )
        .await;
    assert_problem(&misspelt, StatusCode::UNPROCESSABLE_ENTITY, Some("progres"));
    let stored = client.get(&path).await;
    assert_eq!(stored.body["readings"][0]["finished"], json!(tomorrow));
}

/// PostgreSQL cannot take a NUL in a query and once returned 500 for one in a list
/// filter or a login. No stored name has one, so these are bad input. A book sent as
/// an array was once read field by field.
async fn nul_filters_and_array_bodies(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    for (path, field) in [
        ("/api/v1/books?shelf=a%00b", "shelf"),
        ("/api/v1/books?tag=a%00b", "tag"),
        // Bytes that are not UTF-8 became U+FFFD, so the search returned 200.
        ("/api/v1/books?q=%ff", "q"),
        ("/api/v1/books?sort=title&shelf=%C3%28", "shelf"),
    ] {
        let reply = client.get(path).await;
        assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, Some(field));
    }
    let accented = client.get("/api/v1/books?q=caf%C3%A9%20100%25").await;
    assert_eq!(accented.status, StatusCode::OK, "{}", accented.text);
    let created = client.post("/api/v1/books", json!({"title": "Emma"})).await;
    let path = format!("/api/v1/books/{}", created.body["id"]);
    let replaced = client
        .send(Method::PUT, &path, Some(json!(["Array Title"])), Some(1))
        .await;
    assert_problem(&replaced, StatusCode::UNPROCESSABLE_ENTITY, Some("body"));
    let misspelt = client
        .send(
            Method::PUT,
            &path,
            Some(json!({"title": "Emma", "subtitel": "A Novel"})),
            Some(1),
        )
        .await;
    assert_problem(
        &misspelt,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("subtitel"),
    );
    // A book read from the server and sent back whole names every key that is not
    // a bibliographic field, and a very long key comes back cut.
    let whole = client.get(&path).await.body;
    let sent_back = client.send(Method::PUT, &path, Some(whole), Some(1)).await;
    assert_eq!(
        sent_back.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        sent_back.text
    );
    for key in ["id", "version", "entry", "readings", "created_at"] {
        assert!(sent_back.text.contains(key), "{key}: {}", sent_back.text);
    }
    let long_key = "k".repeat(5000);
    let long = client
        .send(
            Method::PUT,
            &path,
            Some(json!({"title": "Emma", long_key: 1})),
            Some(1),
        )
        .await;
    assert_eq!(
        long.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        long.text
    );
    assert!(long.text.len() < 1000, "{}", long.text);
    assert_eq!(client.get(&path).await.body["title"], "Emma");
    assert_eq!(client.get(&path).await.body["version"], 1);

    // The entry's changes name unknown keys as a book does, every one and each cut
    // to 64 characters.
    let entry = format!("{path}/entry");
    let misspelt = client
        .send(
            Method::PATCH,
            &entry,
            Some(json!({"stauts": "read"})),
            Some(1),
        )
        .await;
    assert_problem(&misspelt, StatusCode::UNPROCESSABLE_ENTITY, Some("stauts"));
    let long_key = format!("{}-tail", "k".repeat(100));
    let several = client
        .send(
            Method::PATCH,
            &entry,
            Some(json!({"stauts": "read", "ratng": 4, long_key: 1})),
            Some(1),
        )
        .await;
    assert_eq!(
        several.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        several.text
    );
    for key in ["stauts", "ratng", &format!("{}…", "k".repeat(64))] {
        assert!(several.text.contains(key), "{key}: {}", several.text);
    }
    assert!(!several.text.contains("-tail"), "{}", several.text);
    let date_alone = client
        .send(
            Method::PATCH,
            &entry,
            Some(json!({"status_date": "2024-01-01"})),
            Some(1),
        )
        .await;
    assert_problem(
        &date_alone,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("status_date"),
    );
    assert!(misspelt.text.contains("spelling"), "{}", misspelt.text);
    let listed = client
        .send(Method::PATCH, &entry, Some(json!(["read"])), Some(1))
        .await;
    assert_problem(&listed, StatusCode::UNPROCESSABLE_ENTITY, Some("body"));
    assert_eq!(
        client.get(&path).await.body["entry"]["status"],
        "want_to_read"
    );

    let searched = client.get("/api/v1/books?q=a%00b").await;
    assert_eq!(searched.status, StatusCode::OK, "{}", searched.text);

    let anonymous = server.anonymous();
    let login = anonymous
        .post(
            "/api/v1/tokens",
            json!({"name": "an\u{0}a", "password": "x"}),
        )
        .await;
    assert_problem(&login, StatusCode::UNAUTHORIZED, None);
    let labelled = anonymous
        .post(
            "/api/v1/tokens",
            json!({"name": "ana", "password": "x", "label": "a\u{0}"}),
        )
        .await;
    assert_problem(&labelled, StatusCode::UNPROCESSABLE_ENTITY, Some("label"));
}

/// Merges a flagged duplicate into the book to keep. The kept book keeps its values
/// and takes the ones it lacks. Readings, shelves and tags are joined, both reviews
/// stay, and so does the earlier date added. The copy is gone, from search too, and
/// what it had otherwise is listed, so nothing goes without a word.
async fn merge_joins_two_copies(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let kept = client
        .post(
            "/api/v1/books",
            json!({"title": "Dune", "contributors": [{"name": "Frank Herbert", "role": "author"}],
                "pages": 412, "entry": {"status": "read", "rating": 4, "review": "Great",
                "date_added": "2021-03-01"}}),
        )
        .await;
    let copy = client
        .post(
            "/api/v1/books",
            json!({"title": "Dune", "contributors": [{"name": "Frank Herbert", "role": "author"}],
                "pages": 500, "isbn13": "9780441013593", "entry": {"status": "read",
                "rating": 5, "review": "Still great", "private_notes": "signed copy",
                "date_added": "2019-07-14"}}),
        )
        .await;
    let (kept_id, copy_id) = (
        kept.body["id"].as_i64().unwrap(),
        copy.body["id"].as_i64().unwrap(),
    );
    for (id, started, finished) in [
        (kept_id, "2021-03-02", "2021-04-01"),
        (copy_id, "2019-07-15", "2019-08-20"),
    ] {
        let reading = client
            .post(
                &format!("/api/v1/books/{id}/readings"),
                json!({"started": started, "finished": finished}),
            )
            .await;
        assert_eq!(reading.status, StatusCode::CREATED, "{}", reading.text);
    }
    let shelf = client.post("/api/v1/shelves", json!({"name": "sf"})).await;
    let tag = client
        .post("/api/v1/tags", json!({"name": "classic"}))
        .await;
    for path in [
        format!("/api/v1/shelves/{}/books/{kept_id}", shelf.body["id"]),
        format!("/api/v1/tags/{}/books/{copy_id}", tag.body["id"]),
    ] {
        let attached = client.send(Method::PUT, &path, None, None).await;
        assert!(attached.status.is_success(), "{}", attached.text);
    }
    let merge_path = format!("/api/v1/books/{kept_id}/merge");
    let version = client.get(&format!("/api/v1/books/{kept_id}")).await.body["version"]
        .as_i64()
        .unwrap();

    // Refused requests change nothing.
    for (body, status, field) in [
        (
            json!({"from": kept_id}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("from"),
        ),
        (
            json!({"from": copy_id + 1000}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("from"),
        ),
        (
            json!({"form": copy_id}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("form"),
        ),
        (
            json!([copy_id]),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("body"),
        ),
    ] {
        let reply = client
            .send(Method::POST, &merge_path, Some(body.clone()), Some(version))
            .await;
        assert_problem(&reply, status, field);
    }
    let stale = client
        .send(
            Method::POST,
            &merge_path,
            Some(json!({"from": copy_id})),
            Some(version - 1),
        )
        .await;
    assert_problem(&stale, StatusCode::PRECONDITION_FAILED, None);
    let unconditional = client
        .send(
            Method::POST,
            &merge_path,
            Some(json!({"from": copy_id})),
            None,
        )
        .await;
    assert_problem(
        &unconditional,
        StatusCode::PRECONDITION_REQUIRED,
        Some("If-Match"),
    );
    assert_eq!(client.get("/api/v1/books").await.body["total"], 2);

    let merged = client
        .send(
            Method::POST,
            &merge_path,
            Some(json!({"from": copy_id})),
            Some(version),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    let book = &merged.body["book"];
    assert_eq!(book["id"], kept_id);
    assert_eq!(book["pages"], 412);
    assert_eq!(book["isbn13"], "9780441013593");
    assert_eq!(book["entry"]["rating"], 4.0);
    assert_eq!(book["entry"]["review"], "Great\n\nStill great");
    assert_eq!(book["entry"]["private_notes"], "signed copy");
    assert_eq!(book["entry"]["date_added"], "2019-07-14");
    assert_eq!(book["readings"].as_array().unwrap().len(), 2);
    assert_eq!(book["shelves"], json!(["sf"]));
    assert_eq!(book["tags"], json!(["classic"]));
    assert_eq!(book["contributors"].as_array().unwrap().len(), 1);
    assert_eq!(merged.headers["etag"], format!("\"{}\"", book["version"]));
    let mut not_kept: Vec<(String, String)> = merged.body["not_kept"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["field"].as_str().unwrap().to_string(),
                n["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    not_kept.sort();
    assert_eq!(
        not_kept,
        [
            ("entry.rating".to_string(), "5".to_string()),
            ("pages".to_string(), "500".to_string())
        ]
    );

    let gone = client.get(&format!("/api/v1/books/{copy_id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let found = client.get("/api/v1/books?q=still").await;
    assert_eq!(found.body["total"], 1, "{}", found.text);
    assert_eq!(found.body["items"][0]["id"], kept_id);
    let listed = client.get("/api/v1/books").await;
    assert_eq!(listed.body["total"], 1);
}
