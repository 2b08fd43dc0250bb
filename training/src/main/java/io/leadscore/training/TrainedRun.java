package io.leadscore.training;

import io.leadscore.models.registry.ModelCard;

/**
 * A training run's steps' results in one value: what {@link RecordRun} records and the run's summary is
 * made of.
 *
 * @param card      the registered card
 * @param runId     the run's id (local record folder, MLflow tag)
 * @param startedMs when the run started (epoch milliseconds)
 */
public record TrainedRun(TrainSpec spec, TrainingSplit split, TuneParameters.Tuning tuning,
                  EvaluateOnHoldout.Evaluation eval, JudgeCandidate.Judgement judgement, ModelCard card, String runId,
                  long startedMs) {}
