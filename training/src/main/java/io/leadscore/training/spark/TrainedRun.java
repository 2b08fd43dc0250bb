package io.leadscore.training.spark;

import io.leadscore.models.registry.ModelCard;

/**
 * A training run's steps' results in one value: what {@link RecordRun} records and the run's summary is
 * made of.
 *
 * @param card      the registered card
 * @param runId     the run's id (local record folder, MLflow tag)
 * @param startedMs when the run started (epoch milliseconds)
 */
record TrainedRun(TrainJob.Spec spec, TrainingData.Split split, TuneParameters.Tuning tuning,
                  EvaluateOnHoldout.Evaluation eval, JudgeCandidate.Judgement judgement, ModelCard card, String runId,
                  long startedMs) {}
