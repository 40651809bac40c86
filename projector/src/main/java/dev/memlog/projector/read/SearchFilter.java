package dev.memlog.projector.read;

/**
 * What a search keeps besides its text; each null field keeps everything.
 *
 * @param conversationId only this conversation
 * @param role only messages of this role (user, assistant, system, tool)
 * @param agentId only messages from this agent
 * @param window only messages that occurred in this window
 */
public record SearchFilter(String conversationId, String role, String agentId, TimeWindow window) {

  public static final SearchFilter NONE = new SearchFilter(null, null, null, TimeWindow.ALL);

  public SearchFilter {
    window = window == null ? TimeWindow.ALL : window;
  }
}
