package org.sockstap.examples.text;

/** Word-wraps paragraphs for help texts. */
public final class Paragraphs {
  private Paragraphs() {}

  /**
   * Appends a paragraph wrapped at a width, each line starting with the indent. A no-break space
   * (U+00A0) keeps words together on one line and is written as a plain space.
   *
   * @param text where to append
   * @param indent what each line starts with
   * @param paragraph the words, separated by spaces
   * @param width the longest line wanted (a single longer word still gets a line of its own)
   */
  public static void wrap(StringBuilder text, String indent, String paragraph, int width) {
    int column = 0;
    for (String word : paragraph.split(" ")) {
      word = word.replace('\u00a0', ' ');
      if (column > 0 && column + 1 + word.length() > width) {
        text.append('\n');
        column = 0;
      }
      if (column == 0) {
        text.append(indent).append(word);
        column = indent.length() + word.length();
      } else {
        text.append(' ').append(word);
        column += 1 + word.length();
      }
    }
    text.append('\n');
  }
}
