package org.prectr.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * What one scorer forward pass produces, as DJL tensors (the same quantities as the scorer graph's
 * outputs, plus the logits the losses need).
 *
 * @param gradeLogits RSL logits [B, k]
 * @param gradeProbs P(grade = i | x) [B, k]
 * @param clickLogits Base tower logits [B, k]
 * @param clickProbs P(click | grade = i, x) [B, k]
 * @param tau the incentive [B, 1]
 * @param scoreLogit logit(clamp(sum_i c_i p_i)) + tau [B, 1]
 * @param score sigmoid(scoreLogit) [B, 1]
 */
public record ScorerOutputs(
    NDArray gradeLogits,
    NDArray gradeProbs,
    NDArray clickLogits,
    NDArray clickProbs,
    NDArray tau,
    NDArray scoreLogit,
    NDArray score
) {}
