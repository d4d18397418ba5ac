package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.fetch.Cursor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class ShardRestrictionCoderTest {
  @Test
  void everyCursorField_survivesEncoding_includingAbsentTokensAndTotals() throws Exception {
    ShardRestriction r = new ShardRestriction(List.of(
        Cursor.start(0, 1_000_000),
        new Cursor(1_000_000, 2_000_000, "opaque+token/==", 3, 1234L, 2),
        new Cursor(2_000_000, 3_000_000, "t", 1, null, 0)));

    CoderProperties.coderDecodeEncodeEqual(ShardRestrictionCoder.of(), r);
    CoderProperties.coderDecodeEncodeEqual(ShardRestrictionCoder.of(), new ShardRestriction(List.of()));
    CoderProperties.coderDeterministic(ShardRestrictionCoder.of(), r, r);
  }

  @Test
  void aRestrictionOfAnUnknownFormat_isRefusedClearly() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    VarIntCoder.of().encode(ShardRestrictionCoder.VERSION + 1, bytes);

    assertThatThrownBy(() -> ShardRestrictionCoder.of().decode(new ByteArrayInputStream(bytes.toByteArray())))
        .isInstanceOf(CoderException.class).hasMessageContaining("the batch reader's restriction").hasMessageContaining("newer version");
  }

  @Test
  void theReaderDeclaresThisCoder() {
    assertThat(new ReadRunsFn(SdfDriver.config(null, 10, 30, 1000)).restrictionCoder())
        .isSameAs(ShardRestrictionCoder.of());
  }
}
