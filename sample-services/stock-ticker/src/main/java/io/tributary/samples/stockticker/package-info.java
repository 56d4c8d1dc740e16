/**
 * The stock-ticker reference service: pipelines over the {@code stock_ticker} topic, built on the Tributary
 * starter. Topics, formats and settings follow the sample's contract.
 */
@NullMarked
package io.tributary.samples.stockticker;

import org.jspecify.annotations.NullMarked;
