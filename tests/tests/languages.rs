//! The server words problem details and import reports in the language that the
//! request's `Accept-Language` names, English by default, on both databases.

#![allow(clippy::unwrap_used)]

use estante_tests::{Backend, Client, TestServer, both_backends};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, HeaderMap, HeaderValue};
use serde_json::{Value, json};

both_backends! {
    problems_in_request_language => crate::problems_follow_accept_language;
    import_report_in_request_language => crate::import_report_in_portuguese;
    report_in_request_language => crate::report_in_portuguese;
}

/// Returns a copy of `client` that sends `Accept-Language: header` with every request.
fn speaking(client: &Client, header: &'static str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static(header));
    Client {
        http: reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap(),
        ..client.clone()
    }
}

async fn problems_follow_accept_language(backend: Backend) {
    let server = TestServer::start(backend).await;
    let ana = server.client("ana").await;
    let portuguese = speaking(&ana, "pt-BR,pt;q=0.9,en;q=0.8");

    let english = ana.post("/api/v1/books", json!({"title": " "})).await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(english.body["detail"], "title: must not be empty");
    assert_eq!(english.body["title"], "Invalid value");
    assert_eq!(english.headers["content-language"], "en");

    let invalid = portuguese
        .post("/api/v1/books", json!({"title": " "}))
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.body["detail"], "título: não pode ficar vazio");
    assert_eq!(invalid.body["title"], "Valor inválido");
    assert_eq!(invalid.body["field"], "title");
    assert_eq!(invalid.headers["content-language"], "pt-BR");
    let vary: Vec<String> = invalid
        .headers
        .get_all("vary")
        .iter()
        .map(|value| value.to_str().unwrap().to_ascii_lowercase())
        .collect();
    let vary = vary.join(", ");
    assert!(vary.contains("accept-language"), "{vary}");

    let pages = portuguese
        .post(
            "/api/v1/books",
            json!({"title": "Grande", "pages": 200_000}),
        )
        .await;
    assert_eq!(
        pages.body["detail"],
        "páginas: 200.000 não está entre 0 e 100.000"
    );

    // A body over the 2 MiB limit, rejected before any handler runs. The server
    // closes that connection without reading the rest of the body, so the request
    // goes through a client of its own and the others keep a clean connection pool.
    let long_title = "a".repeat(3 * 1024 * 1024);
    let too_large = speaking(&ana, "pt-BR")
        .post("/api/v1/books", json!({ "title": long_title }))
        .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    let detail = too_large.body["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("o corpo do pedido tem mais de 2.097.152 bytes"),
        "{detail}"
    );

    // A search parameter is named as the reader knows it, not by its API name `q`.
    let words = vec!["palavra"; 17].join("+");
    let search = portuguese.get(&format!("/api/v1/books?q={words}")).await;
    assert_eq!(search.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(search.body["field"], "q");
    let detail = search.body["detail"].as_str().unwrap();
    assert!(detail.starts_with("busca: 17 palavras"), "{detail}");

    let missing = portuguese.get("/api/v1/books/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.body["detail"], "livro não encontrado");

    // A language the server does not have falls back to English.
    let french = speaking(&ana, "fr-FR");
    let fallback = french.get("/api/v1/books/999999").await;
    assert_eq!(fallback.body["detail"], "book not found");
    assert_eq!(fallback.headers["content-language"], "en");

    // Nothing was written by the rejected requests, in either language.
    let books = ana.get("/api/v1/books").await;
    assert_eq!(books.body["items"], json!([]));
}

const GOODREADS_HEADER: &str = "Book Id,Title,Author,Additional Authors,ISBN,ISBN13,\
My Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,\
Date Read,Date Added,Bookshelves,Exclusive Shelf,My Review,Read Count,Owned Copies";

async fn import_report_in_portuguese(backend: Backend) {
    let server = TestServer::start(backend).await;
    let ana = server.client("ana").await;
    let portuguese = speaking(&ana, "pt-BR");
    let file = format!(
        "{GOODREADS_HEADER}\n\
         1,Dom Casmurro,Machado de Assis,,,,7,,,256,1899,,,2024/01/05,,read,,1,0\n\
         2,,Sem Título,,,,,,,,,,,2024/01/06,,to-read,,0,0\n\
         3,Vidas Secas,Graciliano Ramos,,=\"12345\",,,,,abc,1938,,,2024/01/07,,read,,1,0\n"
    );

    let reply = portuguese
        .upload("/api/v1/imports", file.into_bytes(), Some("goodreads"))
        .await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.headers["content-language"], "pt-BR");
    let rows = reply.body["rows"].as_array().unwrap();
    let row = |number: u64| -> &Value {
        rows.iter()
            .find(|row| row["row"] == number)
            .unwrap_or_else(|| panic!("row {number} is missing: {}", reply.text))
    };
    let text = |value: &Value| value.to_string();

    assert_eq!(reply.body["rejected"], 1, "{}", reply.text);
    assert_eq!(
        row(2)["reason"],
        "o Title está vazio, então o livro não pode ser identificado"
    );
    let rating = text(row(1));
    assert!(
        rating
            .contains("My Rating \\\"7\\\" não está entre 0,25 e 5 estrelas; o campo ficou vazio"),
        "{rating}"
    );
    let third = text(row(3));
    assert!(
        third.contains("Number of Pages \\\"abc\\\" não é um número inteiro"),
        "{third}"
    );
    assert!(third.contains("ISBN inválido"), "{third}");
    for english in ["the field was left empty", "is not", "cannot be identified"] {
        assert!(!reply.text.contains(english), "{english} in {}", reply.text);
    }

    // The rows that were taken are in the library, whatever the report's language.
    let books = ana.get("/api/v1/books").await;
    assert_eq!(books.body["items"].as_array().unwrap().len(), 2);

    // A file cut short: the parser's reason comes after the sentence, not inside it.
    let cut = portuguese
        .upload("/api/v1/imports", b"{\"books\": [".to_vec(), None)
        .await;
    assert_eq!(cut.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", cut.text);
    assert!(
        cut.text
            .contains("o arquivo não é um JSON válido: EOF while parsing a list"),
        "{}",
        cut.text
    );
}

/// Checks that the worker writes a report queued in Portuguese in Portuguese, later
/// and outside the request, and a report queued without the header in English.
async fn report_in_portuguese(backend: Backend) {
    let server = TestServer::start(backend).await;
    let ana = server.client("ana").await;
    let portuguese = speaking(&ana, "pt-BR");
    let created = ana
        .post("/api/v1/books", json!({"title": "Dune", "pages": 612}))
        .await;
    let id = created.body["id"].as_i64().unwrap();
    let reading = ana
        .post(
            &format!("/api/v1/books/{id}/readings"),
            json!({"started": "2024-02-01", "finished": "2024-03-18"}),
        )
        .await;
    assert_eq!(reading.status, StatusCode::CREATED, "{}", reading.text);
    let backwards = portuguese
        .post(
            &format!("/api/v1/books/{id}/readings"),
            json!({"started": "2024-03-20", "finished": "2024-03-18"}),
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        backwards
            .text
            .contains("término: 18/03/2024 é anterior à data de início, 20/03/2024"),
        "{}",
        backwards.text
    );

    let markdown = report_text(&portuguese, "markdown").await;
    assert!(
        markdown.starts_with("# Relatório de leitura de 2024\n"),
        "{markdown}"
    );
    assert!(markdown.contains("- Livros terminados: 1\n"), "{markdown}");
    assert!(markdown.contains("- Páginas lidas: 612\n"), "{markdown}");
    assert!(
        markdown.contains("- Mais longo: Dune (612 páginas, 18/03/2024)"),
        "{markdown}"
    );
    assert!(markdown.contains("## Autores mais lidos"), "{markdown}");
    assert!(markdown.contains("| 03/2024 | 1 | 612 |"), "{markdown}");
    let html = report_text(&portuguese, "html").await;
    assert!(html.contains("<html lang=\"pt-BR\">"), "{html}");
    assert!(html.contains("<td>03/2024</td>"), "{html}");

    let english = report_text(&ana, "markdown").await;
    assert!(
        english.starts_with("# Reading report for 2024\n"),
        "{english}"
    );
    assert!(english.contains("- Books finished: 1\n"), "{english}");
}

/// Queues a 2024 report in `format` and returns the file once the worker made it.
async fn report_text(client: &Client, format: &str) -> String {
    let queued = client
        .post("/api/v1/reports", json!({"year": 2024, "format": format}))
        .await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{}", queued.text);
    let location = queued.headers["location"].to_str().unwrap().to_string();
    let mut job = queued.body.clone();
    for _ in 0..100 {
        job = client.get(&location).await.body;
        if job["status"] == "done" || job["status"] == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(job["status"], "done", "{job}");
    let download = job["download"].as_str().unwrap();
    let file = client
        .http
        .get(format!("{}{download}", client.base))
        .bearer_auth(client.token.as_ref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    file.text().await.unwrap()
}
