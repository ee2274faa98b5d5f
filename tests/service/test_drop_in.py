"""A sender switching from the provider's endpoint changes only its host and key (issue 18, items
1-4): the provider's own client templates (Python, Node, Java, curl), the JSON read whatever the
Content-Type, the provider's error object on every rejection, HTTPS, the trailing slash, and a
``serve`` that says it listens only once it does.

The templates are the provider's POST samples from its API reference (the seed's "Criar um novo
contacto" section: its send endpoint has none of its own), with the host, the key, the path
and the body replaced; the Java one also imports ``javax.net.ssl.HttpsURLConnection`` where the
seed's says ``java.net`` (it does not compile as printed).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

import httpx
import pytest
from _server import ROOT, command, free_port, serve

KEY = "s3cret-key"
TOKEN = base64.b64encode(f"user:{KEY}".encode()).decode()
GOOD = {"to": ["351912345678"], "from": "NRSDemo", "message": "Ola Ana, a sua encomenda foi enviada."}
BAD = {"to": ["351912345678"], "from": "NRSDemo"}  # no message: 104
IN_CI = os.environ.get("NRS_CODEC_REQUIRE_JAVA") == "1"

PYTHON = """import requests

url = "{{DASHBOARD_HOST}}/api/rest/sms"

payload = BODY
headers = {
  'Content-Type': 'application/json',
  'Authorization': 'Basic YOUR_AUTH_TOKEN'
}

response = requests.request("POST", url, headers=headers, data=payload, verify=False)

print(response.text)
"""
NODE = """var axios = require('axios');
var config = {
  method: 'post',
  url: '{{DASHBOARD_HOST}}/api/rest/sms',
  headers: {
    'Content-Type': 'application/json',
    'Authorization': 'Basic YOUR_AUTH_TOKEN'
  },
  data: BODY
};

axios(config)
.then(function (response) {
  console.log(JSON.stringify(response.data));
})
.catch(function (error) {
  console.log(JSON.stringify(error.response.data));
});
"""
JAVA = """import java.io.DataOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import javax.net.ssl.HttpsURLConnection;

public class App {
  public static void main(String[] args) {
    try {
      URL url = new URL("{{DASHBOARD_HOST}}/api/rest/sms");
      HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
      connection.setRequestMethod("POST");
      connection.setRequestProperty("Authorization", "Basic YOUR_AUTH_TOKEN");
      connection.setRequestProperty("Accept", "application/json");
      String requestBody = BODY;
      connection.setDoOutput(true);
      DataOutputStream wr = new DataOutputStream(connection.getOutputStream());
      wr.writeBytes(requestBody);
      wr.flush();
      wr.close();
      BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream()));
      String inputLine;
      StringBuffer response = new StringBuffer();
      while ((inputLine = in.readLine()) != null) {
        response.append(inputLine);
      }
      in.close();
      System.out.println(response.toString());
    } catch (Exception e) {
      // TODO: handle exception
    }
  }
}
"""


def filled(template: str, host: str, body: dict) -> str:
    """A template with the host, the key and a body (as the template's own string literal)."""
    literal = json.dumps(json.dumps(body))
    return (
        template.replace("{{DASHBOARD_HOST}}", host)
        .replace("YOUR_AUTH_TOKEN", TOKEN)
        .replace("BODY", literal)
    )


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (apt-get install openssl)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def https_url(certificate):
    cert, key = certificate
    with serve("--api-key", KEY, "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)) as url:
        yield url.replace("127.0.0.1", "localhost")


@pytest.fixture(scope="module")
def http_url():
    with serve("--api-key", KEY) as url:
        yield url


def check_answer(out: str, body: dict) -> None:
    answer = json.loads(out.strip().splitlines()[-1])
    if body is GOOD:
        assert answer["ok"] is True and "error" not in answer
    else:
        assert answer["error"] == {"code": 104, "description": answer["errors"][0]["description"]}
        assert answer["ok"] is False and answer["errors"][0]["code"] == 104


@pytest.mark.parametrize("body", [GOOD, BAD], ids=["accepted", "rejected"])
def test_the_providers_python_template(http_url, tmp_path, body):
    script = tmp_path / "send.py"
    script.write_text(filled(PYTHON, http_url, body), encoding="utf-8")
    r = subprocess.run([os.environ.get("PYTHON", "python3"), str(script)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    check_answer(r.stdout, body)


def node_path() -> str | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True).stdout.strip()
    return root if (Path(root) / "axios").is_dir() else None


@pytest.mark.parametrize("body", [GOOD, BAD], ids=["accepted", "rejected"])
def test_the_providers_node_template(http_url, tmp_path, body):
    modules = node_path()
    if modules is None:
        pytest.skip("Node.js with axios is needed: apt-get install nodejs npm && npm install -g axios")
    script = tmp_path / "send.js"
    script.write_text(filled(NODE, http_url, body), encoding="utf-8")
    r = subprocess.run(
        ["node", str(script)], capture_output=True, text=True, env={**os.environ, "NODE_PATH": modules}
    )
    assert r.returncode == 0, r.stderr
    check_answer(r.stdout, body)


def test_the_providers_java_template_over_https(https_url, certificate, tmp_path):
    """Java sends no Content-Type (so application/x-www-form-urlencoded) and needs HTTPS."""
    if shutil.which("javac") is None or shutil.which("keytool") is None:
        if IN_CI:
            pytest.fail("NRS_CODEC_REQUIRE_JAVA=1 but javac is missing")
        pytest.skip("a JDK is needed: apt-get install default-jdk-headless")
    (tmp_path / "App.java").write_text(filled(JAVA, https_url, GOOD), encoding="utf-8")
    subprocess.run(["javac", "App.java"], cwd=tmp_path, check=True, capture_output=True)
    store = tmp_path / "trust.p12"
    subprocess.run(
        ["keytool", "-importcert", "-noprompt", "-alias", "service", "-file", str(certificate[0]),
         "-keystore", str(store), "-storetype", "PKCS12", "-storepass", "changeit"],
        check=True, capture_output=True,
    )  # fmt: skip
    r = subprocess.run(
        ["java", f"-Djavax.net.ssl.trustStore={store}", "-Djavax.net.ssl.trustStorePassword=changeit", "App"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    check_answer(r.stdout, GOOD)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed (apt-get install curl)")
@pytest.mark.parametrize("body", [GOOD, BAD], ids=["accepted", "rejected"])
def test_the_providers_curl_template_over_https(https_url, certificate, body):
    r = subprocess.run(
        ["curl", "-sS", "--cacert", str(certificate[0]), "-X", "POST", f"{https_url}/api/rest/sms",
         "-H", "Content-Type: application/json", "-H", f"Authorization: Basic {TOKEN}",
         "-d", json.dumps(body)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    check_answer(r.stdout, body)


@pytest.mark.parametrize("content_type", [None, "application/x-www-form-urlencoded", "text/plain"])
def test_the_body_is_json_whatever_the_content_type(http_url, content_type):
    headers = {"Authorization": f"Basic {TOKEN}"}
    if content_type:
        headers["Content-Type"] = content_type
    r = httpx.post(http_url + "/api/rest/sms", content=json.dumps(GOOD), headers=headers)
    assert r.status_code == 202 and r.json()["ok"] is True
    r = httpx.post(http_url + "/api/rest/sms", content=b"to=351912345678", headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == 125


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [({"message": None}, 400, 104), ({"from": "NRS Demo!"}, 422, 422), ({"to": ["12"]}, 400, 102)],
)
def test_every_rejection_carries_the_providers_error_object(http_url, change, status, code):
    body = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    r = httpx.post(http_url + "/api/rest/sms", json=body, headers={"Authorization": f"Basic {TOKEN}"})
    answer = r.json()
    assert r.status_code == status
    assert answer["error"] == {"code": code, "description": answer["errors"][0]["description"]}
    assert answer["ok"] is False and answer["errors"][0]["code"] == code


def test_the_trailing_slash_answers_as_without_it(http_url):
    auth = {"Authorization": f"Basic {TOKEN}"}
    r = httpx.post(http_url + "/api/rest/sms/", json=GOOD, headers=auth, follow_redirects=False)
    assert r.status_code == 202 and r.json()["ok"] is True


def test_https_serves_with_the_certificate(https_url, certificate):
    r = httpx.get(https_url + "/healthz", verify=ssl.create_default_context(cafile=certificate[0]))
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_the_certificate_needs_its_key(certificate):
    r = subprocess.run(
        [*command(), "serve", "--ssl-certfile", str(certificate[0])],
        capture_output=True, text=True, timeout=60, cwd=ROOT / "tests",
    )  # fmt: skip
    assert r.returncode == 2 and "--ssl-certfile and --ssl-keyfile go together" in r.stderr


def test_a_busy_port_says_so_and_exits_2():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = subprocess.run(
            [*command(), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT / "tests",
        )
    assert r.returncode == 2
    busy = f"port {port} on 127.0.0.1 is busy (another server listens there): choose another --port"
    assert r.stderr == f"nrs-codec serve: {busy}\n"
    assert "listening" not in r.stderr


def test_it_says_it_listens_once_it_does():
    port = free_port()
    proc = subprocess.Popen(
        [*command(), "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True, cwd=ROOT / "tests",
        start_new_session=True,
    )  # fmt: skip
    try:
        first = proc.stderr.readline()
        assert first.startswith(f"nrs-codec serve: listening on http://127.0.0.1:{port}/")
        # Said once listening: a connection made right after the line is accepted, not refused.
        with socket.create_connection(("127.0.0.1", port), timeout=30):
            pass
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stderr.close()


def test_the_schema_documents_the_error_object_of_rejections(http_url):
    schema = httpx.get(http_url + "/openapi.json", headers={"Authorization": f"Basic {TOKEN}"}).json()
    responses = schema["paths"]["/api/rest/sms"]["post"]["responses"]
    for status in ("400", "402", "422"):
        ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
        assert ref == "#/components/schemas/RejectionResponse"
    rejection = schema["components"]["schemas"]["RejectionResponse"]
    assert "error" in rejection["required"] and "errors" in rejection["required"]
    assert "/api/rest/sms/" not in schema["paths"]
