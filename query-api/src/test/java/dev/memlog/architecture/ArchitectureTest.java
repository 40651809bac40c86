package dev.memlog.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.node.MemlogNode;
import dev.memlog.projector.stream.ReadModelShard;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of the code that hold without review: public APIs of dependencies only, and no cycles. */
class ArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    // memlog's own modules, as class folders or as their jars (which the reactor hands over once packaged)
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> location.contains("/target/classes/")
            || location.matches(Pattern.compile(".*/memlog-[a-z-]+-[^/]+\\.jar.*")))
        .importPackages("dev.memlog");
  }

  @Test
  void shouldCheckTheClassesOfEveryModule() {
    for (var module : List.of(EmbeddedKafkaBroker.class, MemlogClient.class, ReadModelShard.class,
        MemlogNode.class)) {
      assertThat(main.contain(module)).as(module.getName()).isTrue();
    }
  }

  @Test
  void shouldUseNoInternalsPackageOfAnyLibrary() {
    noClasses().that().resideInAPackage("dev.memlog..").should().dependOnClassesThat()
        .resideInAPackage("..internals..")
        .because("a class of a library's internals ties correctness to one version of it").check(main);
  }

  @Test
  void shouldKeepTheHttpApiApartFromTheNodeThatWiresIt() {
    noClasses().that().resideInAPackage("dev.memlog.api..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.memlog.node..", "dev.memlog.cli..", "dev.memlog.cluster..").check(main);
  }

  @Test
  void shouldHaveNoCycleBetweenPackages() {
    slices().matching("dev.memlog.(**)").should().beFreeOfCycles().check(main);
  }
}
