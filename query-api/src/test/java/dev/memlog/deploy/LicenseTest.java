package dev.memlog.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The licence the repository's LICENSE file grants is the one the pom and the API document declare. */
class LicenseTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern POM_LICENSE = Pattern.compile("<licenses>\\s*<license>\\s*<name>([^<]+)</name>");

  @Test
  void shouldDeclareTheLicenceOfTheLicenseFileInThePomAndTheApiDocument() throws IOException {
    var text = Files.readString(ROOT.resolve("LICENSE"));
    var pom = POM_LICENSE.matcher(Files.readString(ROOT.resolve("pom.xml")));
    var api = new ObjectMapper(new YAMLFactory()).readTree(
        ROOT.resolve("query-api/src/main/resources/dev/memlog/api/openapi.yaml").toFile()).at("/info/license");

    assertThat(text).contains("Apache License").contains("Version 2.0, January 2004");
    assertThat(pom.find()).as("a <licenses> entry in the root pom").isTrue();
    assertThat(pom.group(1)).isEqualTo("Apache-2.0");
    assertThat(api.path("identifier").asText()).isEqualTo("Apache-2.0");
  }
}
