package org.prectr.trainer.train;

import org.prectr.trainer.data.ExampleTable;

/**
 * The tables of one run.
 *
 * @param train the logged rows of training queries (stage 2)
 * @param validationLog the shown rows of validation queries (click metrics)
 * @param judgedTrain the judged products of training queries (stage 1)
 * @param judgedValidation the judged products of validation queries (NDCG), or null
 */
record Examples(ExampleTable train, ExampleTable validationLog, ExampleTable judgedTrain, ExampleTable judgedValidation) {}
