/**
 * Auto-configuration of Tributary's health indicator.
 */
@NullMarked
package io.tributary.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
