"""Beam's Flink job server, assembled from Maven Central and cached.

Beam's Python FlinkRunner launches a Java "job server" (``java -jar JAR``) that
translates the portable pipeline and submits it to a Flink cluster. Beam
publishes it as a shaded jar ``org.apache.beam:beam-runners-flink-X.Y-job-server``,
but the Maven repository these machines reach holds no such jar for any
version (checked for Flink 1.15-2.2 and Beam 2.61-2.77), nor any Beam Java
artifact for 2.77.0. It does hold the unshaded runner
``org.apache.beam:beam-runners-flink-1.19:2.62.0`` with every dependency, and
that artifact contains the job server's main class.

So ``ensure_jar()`` resolves that runner and its dependencies with Maven (strict
checksums: ``mvn -C`` refuses any file whose published .sha1 does not match),
copies them into a cache directory, and writes a small launcher jar whose
manifest names ``FlinkJobServerDriver`` as its main class and the dependency
jars as its class path. ``java -jar launcher.jar`` then behaves like Beam's
shaded job-server jar, which is all ``--flink_job_server_jar`` needs.

A sha256 of every cached jar is recorded at build time and checked on reuse.

The job server speaks Beam's portable Job API, which is stable across
releases: a 2.62 job server runs pipelines from the 2.77 Python SDK (checked
here end to end with LOOPBACK workers). Flink 1.19 is the version the runner
was built against; the local cluster must run the same Flink minor version.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

# The newest Beam Flink runner whose full dependency tree is on the Maven
# repository reachable here (2.70.0 lacks beam-runners-java-job-service:2.70.0).
BEAM_JAVA_VERSION = "2.62.0"
FLINK_VERSION = "1.19"
# The exact Flink release the runner was compiled against (its pom's flink deps).
FLINK_RELEASE = "1.19.0"
RUNNER_ARTIFACT = f"org.apache.beam:beam-runners-flink-{FLINK_VERSION}:{BEAM_JAVA_VERSION}"
MAIN_CLASS = "org.apache.beam.runners.flink.FlinkJobServerDriver"
# Gives the job server's log lines a sink; without a binding slf4j drops them.
LOG_BINDING = "org.slf4j:slf4j-simple:1.7.36"

LAUNCHER_NAME = f"beam-runners-flink-{FLINK_VERSION}-job-server-{BEAM_JAVA_VERSION}-launcher.jar"
CHECKSUMS_NAME = "sha256.json"
MAVEN_TIMEOUT_S = 900


class JobServerError(RuntimeError):
    """The Flink job server jar cannot be provided; the message says why and what to do."""


def cache_root() -> Path:
    """Root of this project's download cache: ``$PROVENANCE_CACHE`` or ``~/.cache/news-provenance``."""
    env = os.environ.get("PROVENANCE_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "news-provenance"


def jar_dir() -> Path:
    """Directory holding the launcher jar and its ``lib/`` of dependency jars."""
    return cache_root() / "jars" / f"flink-{FLINK_VERSION}-job-server-{BEAM_JAVA_VERSION}"


def ensure_jar() -> Path:
    """Return the path of a runnable Flink job-server jar, building the cache on first use.

    Reuses the cache only when every recorded sha256 still matches; otherwise the
    cache is rebuilt from Maven. Raises JobServerError when Java or Maven is
    missing or Maven cannot fetch the artifacts.
    """
    require_java()
    target = jar_dir()
    launcher = target / LAUNCHER_NAME
    if launcher.is_file() and _checksums_match(target):
        return launcher
    _build(target)
    if not _checksums_match(target):
        raise JobServerError(f"job server cache at {target} failed its own sha256 check right after building")
    return launcher


def require_java() -> str:
    """Return the path of ``java``, or raise JobServerError if there is none."""
    java = shutil.which("java")
    if java is None:
        raise JobServerError("java not found on PATH: the Flink job server and cluster need Java 11 or 17")
    return java


def _require_maven() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise JobServerError(
            "mvn not found on PATH: Maven is needed once to fetch the Flink job server "
            f"({RUNNER_ARTIFACT}); install it (apt-get install maven) or run .ci/install_flink.sh"
        )
    return mvn


def _pom() -> str:
    group, artifact, version = RUNNER_ARTIFACT.split(":")
    log_group, log_artifact, log_version = LOG_BINDING.split(":")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.news-provenance</groupId>
  <artifactId>flink-job-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>
    </dependency>
    <dependency>
      <groupId>{log_group}</groupId><artifactId>{log_artifact}</artifactId><version>{log_version}</version>
    </dependency>
  </dependencies>
</project>
"""


def _build(target: Path) -> None:
    mvn = _require_maven()
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    lib = staging / "lib"
    lib.mkdir(parents=True)
    (staging / "pom.xml").write_text(_pom())
    cmd = [
        mvn,
        "-B",
        "-q",
        "-C",  # -C: strict checksums, fail on a .sha1 mismatch
        "-f",
        str(staging / "pom.xml"),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={lib}",
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=MAVEN_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise JobServerError(f"mvn timed out after {MAVEN_TIMEOUT_S}s fetching {RUNNER_ARTIFACT}") from exc
    if proc.returncode != 0:
        errors = [ln for ln in proc.stdout.splitlines() if ln.startswith("[ERROR]")][:3]
        raise JobServerError(
            f"mvn could not fetch {RUNNER_ARTIFACT} and its dependencies (exit {proc.returncode}): "
            + (" | ".join(errors) or proc.stderr.strip()[-300:])
        )
    jars = sorted(p.name for p in lib.glob("*.jar"))
    if not any(name.startswith(f"beam-runners-flink-{FLINK_VERSION}-") for name in jars):
        raise JobServerError(f"mvn finished but {RUNNER_ARTIFACT} is not among the copied jars in {lib}")
    _write_launcher(staging / LAUNCHER_NAME, [f"lib/{name}" for name in jars])
    _record_checksums(staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def _manifest(class_path: list[str]) -> bytes:
    """A JAR manifest; lines are wrapped at 72 bytes as the JAR spec requires."""
    lines = [
        "Manifest-Version: 1.0",
        f"Main-Class: {MAIN_CLASS}",
        "Created-By: news-provenance runners/jobserver.py",
        "Class-Path: " + " ".join(class_path),
    ]
    out: list[bytes] = []
    for line in lines:
        raw = line.encode()
        out.append(raw[:72])
        raw = raw[72:]
        while raw:
            out.append(b" " + raw[:71])
            raw = raw[71:]
    return b"\r\n".join(out) + b"\r\n\r\n"


def _write_launcher(path: Path, class_path: list[str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as jar:
        jar.writestr("META-INF/MANIFEST.MF", _manifest(class_path))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _all_jars(root: Path) -> list[Path]:
    return sorted(root.rglob("*.jar"))


def _record_checksums(root: Path) -> None:
    sums = {str(p.relative_to(root)): _sha256(p) for p in _all_jars(root)}
    meta = {"artifact": RUNNER_ARTIFACT, "main_class": MAIN_CLASS, "sha256": sums}
    (root / CHECKSUMS_NAME).write_text(json.dumps(meta, indent=1, sort_keys=True))


def _checksums_match(root: Path) -> bool:
    try:
        meta = json.loads((root / CHECKSUMS_NAME).read_text())
    except (OSError, ValueError):
        return False
    recorded = meta.get("sha256", {})
    present = {str(p.relative_to(root)) for p in _all_jars(root)}
    if meta.get("artifact") != RUNNER_ARTIFACT or set(recorded) != present:
        return False
    return all(_sha256(root / rel) == digest for rel, digest in recorded.items())


if __name__ == "__main__":
    print(ensure_jar())


# The Python SDK (2.77) opens its Fn API channels with a 20 s keepalive ping and
# no ping-strike limit on its side. The Java side of the 2.62 runner (job server
# and the Fn API servers inside Flink's TaskManagers) keeps grpc-java's default
# policy: pings closer than 5 minutes apart count as strikes, and after two it
# sends GOAWAY "too_many_pings". A channel idle for about a minute (the logging
# or state stream while a long bundle runs) is then cut and the job fails with
# "Stream was terminated by error" (seen on a slower CI machine). Newer Beam
# Java servers permit the pings (apache/beam#36528); for this pairing the SDK
# side must ping no more often than the server allows.
JAVA_MIN_PING_INTERVAL_MS = 300_000
SDK_KEEPALIVE_MS = JAVA_MIN_PING_INTERVAL_MS + 60_000


def match_java_keepalive() -> list[tuple[str, object]]:
    """Make this process's Beam gRPC channels ping at most once per ``SDK_KEEPALIVE_MS``.

    With LOOPBACK workers the SDK harness runs in this process, so the class
    default of Beam's channel factory governs every Fn API channel it opens.
    Returns the options now in force.
    """
    from apache_beam.runners.worker.channel_factory import GRPCChannelFactory

    options = [(k, v) for k, v in GRPCChannelFactory.DEFAULT_OPTIONS if k != "grpc.keepalive_time_ms"]
    options.insert(0, ("grpc.keepalive_time_ms", SDK_KEEPALIVE_MS))
    GRPCChannelFactory.DEFAULT_OPTIONS = options
    return options
