"""deploy/k8s/: every manifest valid against the Kubernetes schemas (kubernetes-validate ships
them, so no network), and the pieces wired to each other: probes on the container's port,
the Service selecting the pods, the Ingress routing to the Service with cookie affinity, the
cookie secret from a Secret, the autoscaler scaling the Deployment."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.37"
MANIFESTS = sorted(K8S.glob("*.yaml"))


def resources() -> dict[str, dict]:
    """Every resource in deploy/k8s/, by kind (one of each)."""
    found: dict[str, dict] = {}
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text()):
            assert doc["kind"] not in found, f"two {doc['kind']}s"
            found[doc["kind"]] = doc
    return found


@pytest.fixture(scope="module")
def k8s() -> dict[str, dict]:
    return resources()


def container(deployment: dict) -> dict:
    (app,) = deployment["spec"]["template"]["spec"]["containers"]
    return app


def named_port(app: dict, port) -> int:
    """A probe's or Service's port (a number or a container port's name) as a number."""
    if isinstance(port, int):
        return port
    (number,) = [p["containerPort"] for p in app["ports"] if p.get("name") == port]
    return number


def test_the_manifests_are_the_four_expected_kinds(k8s):
    assert sorted(k8s) == ["Deployment", "HorizontalPodAutoscaler", "Ingress", "Service"]
    assert len(MANIFESTS) == 4


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_each_manifest_is_valid_against_the_strict_kubernetes_schema(path):
    for doc in yaml.safe_load_all(path.read_text()):
        # strict: an unknown or misspelt field is an error, not silently dropped
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_validator_catches_a_broken_manifest(k8s):
    broken = yaml.safe_load((K8S / "deployment.yaml").read_text())
    container(broken)["ports"][0]["containerPort"] = "8501"   # a string, not a number
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)
    misspelt = yaml.safe_load((K8S / "deployment.yaml").read_text())
    container(misspelt)["readinessprobe"] = container(misspelt).pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, KUBERNETES_VERSION, strict=True)


def test_the_probes_ask_streamlits_health_endpoint_on_the_container_port(k8s):
    app = container(k8s["Deployment"])
    (port,) = app["ports"]
    assert port["containerPort"] == 8501
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        check = app[probe]["httpGet"]
        assert check["path"] == "/_stcore/health", probe
        assert named_port(app, check["port"]) == port["containerPort"], probe


def test_resources_are_requested_and_limited(k8s):
    resources_ = container(k8s["Deployment"])["resources"]
    assert resources_["requests"]["cpu"] == "1"          # ~20 learners drawing at once
    mib = {"Mi": 1, "Gi": 1024}

    def in_mib(quantity: str) -> int:
        number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", quantity).groups()
        return int(number) * mib[unit]
    request, limit = (in_mib(resources_[k]["memory"]) for k in ("requests", "limits"))
    assert 400 <= request < limit <= 2048, (request, limit)


def test_the_pod_runs_as_non_root_on_a_read_only_root_filesystem(k8s):
    spec = k8s["Deployment"]["spec"]["template"]["spec"]
    app = container(k8s["Deployment"])
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] != 0
    assert app["securityContext"]["readOnlyRootFilesystem"] is True
    assert app["securityContext"]["allowPrivilegeEscalation"] is False
    # Streamlit writes to its home folder and Python to /tmp: both on a writable emptyDir
    mounts = {m["name"]: m["mountPath"] for m in app["volumeMounts"]}
    volumes = {v["name"]: v for v in spec["volumes"]}
    env = {e["name"]: e.get("value") for e in app["env"]}
    assert "emptyDir" in volumes[next(n for n, p in mounts.items() if p == "/tmp")]
    assert env["HOME"].startswith("/tmp")


def test_every_replica_gets_the_cookie_secret_from_one_secret(k8s):
    env = {e["name"]: e for e in container(k8s["Deployment"])["env"]}
    ref = env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    assert ref["optional"] is False     # no pod starts with a secret of its own
    # the README's command creates that Secret and key
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"kubectl create secret generic {ref['name']}\s+--from-literal="
                     rf"{ref['key']}=", readme), (ref, "not created in README.md")


def test_the_service_selects_the_deployments_pods(k8s):
    deployment, service = k8s["Deployment"], k8s["Service"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    selector = service["spec"]["selector"]
    assert selector and selector.items() <= pod_labels.items()
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    app = container(deployment)
    (port,) = service["spec"]["ports"]
    assert named_port(app, port["targetPort"]) == app["ports"][0]["containerPort"]


def test_the_ingress_routes_to_the_service_with_cookie_affinity_and_long_timeouts(k8s):
    ingress, service = k8s["Ingress"], k8s["Service"]
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert path["path"] == "/" and path["pathType"] == "Prefix"
    assert backend["name"] == service["metadata"]["name"]
    (port,) = service["spec"]["ports"]
    assert backend["port"] in ({"name": port["name"]}, {"number": port["port"]}), backend
    notes = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-name"]
    # a learner's websocket stays open (and quiet) while they read a lesson
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(notes[prefix + timeout]) >= 3600, timeout


def test_the_autoscaler_scales_the_deployment_on_cpu(k8s):
    hpa, deployment = k8s["HorizontalPodAutoscaler"], k8s["Deployment"]
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["apiVersion"], target["kind"], target["name"]) == (
        deployment["apiVersion"], "Deployment", deployment["metadata"]["name"])
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert 0 < metric["resource"]["target"]["averageUtilization"] <= 100
    spec = hpa["spec"]
    assert 2 <= spec["minReplicas"] <= deployment["spec"]["replicas"] <= spec["maxReplicas"]


def test_the_ingress_admits_the_uploads_the_app_admits(k8s):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    body = k8s["Ingress"]["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
    assert body == f"{config['server']['maxUploadSize']}m"   # both in MiB
