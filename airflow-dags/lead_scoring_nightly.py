"""Nightly lead scoring: wait for the day's exports, then ingest -> purge -> features -> train -> score ->
route -> materialise -> monitor: the stages of `leadscore nightly` in its order, plus `leadscore route` after
score (which the nightly command does not run yet). `materialise` writes the night's changed leads to the Redis
online store of `leadscore serve` (leadscore.serving.store.kind = redis; with the embedded store it has nothing
to do and says so); it takes no date (it reads the last night) and writes no summary.

One spark-submit per stage, each running the shaded jar (cli/target/leadscore.jar; Spark, Delta and
Hadoop are provided by the cluster) for the batch date {{ ds }}. The CLI's exit codes decide the task
state: 0 succeeded; 1 a stage failed; 2 configuration error; 3 finished but degraded (a file failed, an
export was missing, CRM batches failed or are pending, nothing scored); 4 another run holds the
lakehouse lock. Every non-zero code fails the task, so a degraded night is red in Airflow. Teams that
want degraded nights green set the Variable leadscore_allow_degraded to "true", which passes
--allow-degraded (the problems are still listed in the summary and in job_runs).

Each task writes its summary with --summary-json and returns it, so it is in XCom under the task's
return_value (e.g. {{ ti.xcom_pull(task_ids='score')['delivered'] }}).

Airflow Variables:
  leadscore_jar              path or URI of leadscore.jar (default /opt/leadscore/leadscore.jar)
  leadscore_conf             HOCON configuration (default /opt/leadscore/conf/production.example.conf,
                             i.e. the repository's conf/ folder deployed to /opt/leadscore/conf; copy the
                             example, adapt it, and point this Variable at the copy)
  leadscore_landing          the landing folder the exports are dropped into (default
                             /data/leadscore/landing); the sensor waits for crm/<ds>/_SUCCESS there,
                             the ready marker the export job writes last (leadscore.sources.*.ready_marker)
  leadscore_allow_degraded   "true" to keep degraded nights (exit 3) green; default "false"
"""
import json
import logging
import os
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sensors.filesystem import FileSensor

JAR = "{{ var.value.get('leadscore_jar', '/opt/leadscore/leadscore.jar') }}"
CONF = "{{ var.value.get('leadscore_conf', '/opt/leadscore/conf/production.example.conf') }}"
LANDING = "{{ var.value.get('leadscore_landing', '/data/leadscore/landing') }}"
# one argument either way (an empty argument would reach the CLI as a stray positional parameter)
ALLOW_DEGRADED = "--allow-degraded={{ var.value.get('leadscore_allow_degraded', 'false') }}"
MAIN_CLASS = "io.leadscore.cli.Main"
# Delta is provided by the cluster in production; on a plain Spark 3.5 install add it as a package.
PACKAGES = "io.delta:delta-spark_2.12:3.3.3,org.apache.hadoop:hadoop-aws:3.3.4"
SUMMARY_DIR = "/tmp/leadscore/{{ ds }}/"
# XGBoost's OpenMP threads sleep at barriers instead of spinning: with busy-wait, 13 CV fits took 106-170 s
# instead of 6 s on a shared 2-core machine. Set for the driver (env_vars) and every executor.
OMP_ENV = {"OMP_WAIT_POLICY": "PASSIVE"}
SPARK_CONF = {
    "spark.executorEnv.OMP_WAIT_POLICY": "PASSIVE",
    "spark.yarn.appMasterEnv.OMP_WAIT_POLICY": "PASSIVE",
    "spark.kubernetes.driverEnv.OMP_WAIT_POLICY": "PASSIVE",
}

log = logging.getLogger(__name__)


def notify_failure(context):
    """on_failure_callback: one line naming the task, the date and the summary's problems, if any."""
    ti = context.get("task_instance")
    summary_file = SUMMARY_DIR.replace("{{ ds }}", context.get("ds", "")) + (ti.task_id if ti else "") + ".json"
    problems = []
    if os.path.exists(summary_file):
        with open(summary_file, encoding="utf-8") as f:
            problems = json.load(f).get("problems", [])
    log.error("leadscore %s failed for %s: %s (log: %s)", ti.task_id if ti else "?", context.get("ds"),
              problems or context.get("exception"), ti.log_url if ti else "")


def sla_missed(dag, task_list, blocking_task_list, slas, blocking_tis):
    log.error("leadscore nightly missed its SLA: %s", task_list)


class LeadscoreSubmit(SparkSubmitOperator):
    """spark-submit of one leadscore stage; returns the stage's summary JSON, so it lands in XCom.

    The summary is written by the driver: in client deploy mode (the default here) the driver runs on
    this worker, so the file is local to it.
    """

    def execute(self, context):
        super().execute(context)
        path = SUMMARY_DIR.replace("{{ ds }}", context["ds"]) + self.task_id + ".json"
        with open(path, encoding="utf-8") as f:
            return json.load(f)


default_args = {
    "owner": "revops-data",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "execution_timeout": timedelta(hours=3),
    # the scores must be in the CRM before the sales team starts: 02:00 + 4 h
    "sla": timedelta(hours=4),
    "on_failure_callback": notify_failure,
}


def stage_args(stage):
    return [stage, "--date", "{{ ds }}", "--conf", CONF,
            "--summary-json", SUMMARY_DIR + stage + ".json", ALLOW_DEGRADED]


with DAG(
    dag_id="lead_scoring_nightly",
    description="CRM + web analytics exports -> Delta -> features -> XGBoost -> lead scores -> CRM",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    sla_miss_callback=sla_missed,
    tags=["leadscore", "spark"],
) as dag:
    exports_ready = FileSensor(
        task_id="exports_ready",
        filepath=LANDING + "/crm/{{ ds }}/_SUCCESS",
        poke_interval=300,
        timeout=6 * 3600,
        mode="reschedule",
    )
    ingest = LeadscoreSubmit(
        task_id="ingest",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        conf=SPARK_CONF,
        env_vars=OMP_ENV,
        application_args=stage_args("ingest"),
    )
    # retention (leadscore.retention.months, bronze_retention_days) with VACUUM, as in `leadscore nightly`
    purge = LeadscoreSubmit(
        task_id="purge",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        conf=SPARK_CONF,
        env_vars=OMP_ENV,
        application_args=stage_args("purge"),
    )
    features = LeadscoreSubmit(
        task_id="features",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        conf=SPARK_CONF,
        env_vars=OMP_ENV,
        application_args=stage_args("features"),
    )
    train = LeadscoreSubmit(
        task_id="train",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        conf=SPARK_CONF,
        env_vars=OMP_ENV,
        application_args=stage_args("train"),
    )
    score = LeadscoreSubmit(
        task_id="score",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        conf=SPARK_CONF,
        env_vars=OMP_ENV,
        application_args=stage_args("score"),
    )
    # hot leads (leadscore.routing.tiers) without an active owner to a rep with room; a fallback queue exits 3
    route = LeadscoreSubmit(
        task_id="route",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        conf=SPARK_CONF,
        env_vars=OMP_ENV,
        application_args=stage_args("route"),
    )
    # the night's changed leads to the Redis online store (the real-time service reads them); no summary file
    materialise = SparkSubmitOperator(
        task_id="materialise",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        conf=SPARK_CONF,
        env_vars=OMP_ENV,
        application_args=["materialise", "--conf", CONF],
    )
    # drift, realised performance, alerts and reports/<ds>.html; severity fail makes it exit 3 (degraded)
    monitor = LeadscoreSubmit(
        task_id="monitor",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        conf=SPARK_CONF,
        env_vars=OMP_ENV,
        application_args=stage_args("monitor"),
    )

    exports_ready >> ingest >> purge >> features >> train >> score >> route >> materialise >> monitor
