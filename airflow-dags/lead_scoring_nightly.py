"""Nightly lead scoring: ingest -> features -> train -> score, one spark-submit per stage.

Each task runs the shaded jar (cli/target/leadscore.jar, Spark/Delta/Hadoop provided by the cluster)
with the batch date {{ ds }}. A stage that fails exits non-zero with a message naming the stage and
the date, so Airflow retries or alerts on exactly that task. Each task writes its figures with
--summary-json; the same figures are appended to the job_runs Delta table.

Airflow Variables:
  leadscore_jar   path or URI of leadscore.jar (default /opt/leadscore/leadscore.jar)
  leadscore_conf  HOCON configuration for the environment (default /opt/leadscore/conf/production.conf)
"""
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "{{ var.value.get('leadscore_jar', '/opt/leadscore/leadscore.jar') }}"
CONF = "{{ var.value.get('leadscore_conf', '/opt/leadscore/conf/production.conf') }}"
MAIN_CLASS = "io.leadscore.cli.Main"
# Delta is provided by the cluster in production; on a plain Spark 3.5 install add it as a package.
PACKAGES = "io.delta:delta-spark_2.12:3.3.3,org.apache.hadoop:hadoop-aws:3.3.4"

default_args = {
    "owner": "revops-data",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "execution_timeout": timedelta(hours=3),
}


def stage_args(stage):
    return [stage, "--date", "{{ ds }}", "--conf", CONF,
            "--summary-json", "/tmp/leadscore/{{ ds }}/" + stage + ".json"]


with DAG(
    dag_id="lead_scoring_nightly",
    description="CRM + web analytics exports -> Delta -> features -> XGBoost -> lead scores -> CRM",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["leadscore", "spark"],
) as dag:
    ingest = SparkSubmitOperator(
        task_id="ingest",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        application_args=stage_args("ingest"),
    )
    features = SparkSubmitOperator(
        task_id="features",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        application_args=stage_args("features"),
    )
    train = SparkSubmitOperator(
        task_id="train",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        application_args=stage_args("train"),
    )
    score = SparkSubmitOperator(
        task_id="score",
        application=JAR,
        java_class=MAIN_CLASS,
        packages=PACKAGES,
        application_args=stage_args("score"),
    )

    ingest >> features >> train >> score
