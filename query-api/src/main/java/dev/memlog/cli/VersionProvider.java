package dev.memlog.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    var version = MemlogApp.class.getPackage().getImplementationVersion();
    return new String[] {"memlog " + (version == null ? "development build" : version)};
  }
}
