namespace SeqRecLab.Executor.Tests;

public class MarkdownRendererTests
{
    [Fact]
    public void Renders_the_common_blocks()
    {
        var html = MarkdownRenderer.ToHtml("# Title\n\nSome *em* and **strong** `a<b` [link](https://x.org).\n\n1. first\n2. second\n\n```csharp\nvar x = a < b;\n```\n\n| k | v |\n|---|---|\n| HR@10 | 0.5 |\n\n<script>alert(1)</script>");
        Assert.Equal(
            "<h1>Title</h1>\n" +
            "<p>Some <em>em</em> and <strong>strong</strong> <code>a&lt;b</code> <a href=\"https://x.org\">link</a>.</p>\n" +
            "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n" +
            "<pre><code>var x = a &lt; b;</code></pre>\n" +
            "<table>\n<thead><tr><th>k</th><th>v</th></tr></thead>\n<tbody>\n<tr><td>HR@10</td><td>0.5</td></tr>\n</tbody>\n</table>\n" +
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n",
            html);
    }

    [Fact]
    public void Bullets_and_identifiers_with_underscores()
    {
        Assert.Equal("<ul>\n<li>num_items stays</li>\n<li>two</li>\n</ul>\n", MarkdownRenderer.ToHtml("- num_items stays\n- two"));
    }
}
