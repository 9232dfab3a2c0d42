using SeqRecLab.Data;

namespace SeqRecLab.Tests.Data;

public class ReaderTests
{
    [Fact]
    public void MovieLensDat_reads_fields_and_names_file_and_line_on_error()
    {
        using var tmp = new DataTestPaths.TempFolder();
        var path = tmp.Write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n\n2::3068::4\n");
        var it = Readers.Read(path, DataFormat.MovieLensDat).GetEnumerator();
        Assert.True(it.MoveNext());
        Assert.Equal(new Interaction("1", "1193", 978300760, 5f), it.Current);
        Assert.True(it.MoveNext());
        Assert.Equal(new Interaction("1", "661", 978302109, 3f), it.Current);
        // line 3 is blank, line 4 has 3 fields
        var e = Assert.Throws<InvalidDataException>(() => it.MoveNext());
        Assert.Equal("ratings.dat line 4: expected 4 fields separated by '::'; got 3", e.Message);
    }

    [Fact]
    public void MovieLensCsv_needs_the_header()
    {
        var ok = Readers.ReadString("userId,movieId,rating,timestamp\n1,2,3.5,1112486027\n", DataFormat.MovieLensCsv, "ratings.csv").ToList();
        Assert.Equal([new Interaction("1", "2", 1112486027, 3.5f)], ok);
        var e = Assert.Throws<InvalidDataException>(() => Readers.ReadString("1,2,3.5,1112486027\n", DataFormat.MovieLensCsv, "ratings.csv").ToList());
        Assert.StartsWith("ratings.csv line 1: expected the header 'userId,movieId,rating,timestamp'", e.Message);
        var bad = Assert.Throws<InvalidDataException>(() => Readers.ReadString("userId,movieId,rating,timestamp\n1,2,x,5\n", DataFormat.MovieLensCsv, "ratings.csv").ToList());
        Assert.Equal("ratings.csv line 2: rating 'x' is not a number", bad.Message);
    }

    [Fact]
    public void UserItemPairs_use_line_order_as_time()
    {
        var xs = Readers.ReadString("1 10\n1 11\n2 10\n", DataFormat.UserItemPairs, "beauty.txt").ToList();
        Assert.Equal([new Interaction("1", "10", 1), new Interaction("1", "11", 2), new Interaction("2", "10", 3)], xs);
        var e = Assert.Throws<InvalidDataException>(() => Readers.ReadString("1 10\n1 11 12\n", DataFormat.UserItemPairs, "beauty.txt").ToList());
        Assert.Equal("beauty.txt line 2: expected 2 fields 'user item' separated by spaces; got 3", e.Message);
    }

    [Fact]
    public void UserItemLines_split_into_interactions()
    {
        var xs = Readers.ReadString("7 1 2 3\n8 2\n", DataFormat.UserItemLines, "Beauty.txt").ToList();
        Assert.Equal(["7", "7", "7", "8"], xs.Select(x => x.User));
        Assert.Equal(["1", "2", "3", "2"], xs.Select(x => x.Item));
        Assert.Equal([1L, 2, 3, 4], xs.Select(x => x.Timestamp));
        var e = Assert.Throws<InvalidDataException>(() => Readers.ReadString("7 1 2\n8\n", DataFormat.UserItemLines, "Beauty.txt").ToList());
        Assert.StartsWith("Beauty.txt line 2: expected a user id followed by at least one item id", e.Message);
    }

    [Fact]
    public void ItemLines_make_line_n_user_n()
    {
        var xs = Readers.ReadString("5 6\n7\n", DataFormat.ItemLines, "sequences.txt").ToList();
        Assert.Equal([new Interaction("1", "5", 1), new Interaction("1", "6", 2), new Interaction("2", "7", 3)], xs);
    }

    [Fact]
    public void GenericCsv_with_and_without_header_and_optional_rating()
    {
        var withHeader = Readers.ReadString("user,item,timestamp,rating\nu1,i1,100,4\nu2,\"i,2\",50,1\n", DataFormat.GenericCsv, "mine.csv").ToList();
        Assert.Equal([new Interaction("u1", "i1", 100, 4f), new Interaction("u2", "i,2", 50, 1f)], withHeader);
        var noHeader = Readers.ReadString("u1,i1,100\nu1,i2,2021-01-01T00:00:00Z\n", DataFormat.GenericCsv, "mine.csv").ToList();
        Assert.Equal(100, noHeader[0].Timestamp);
        Assert.True(float.IsNaN(noHeader[0].Rating));
        Assert.Equal(1609459200, noHeader[1].Timestamp); // 2021-01-01 UTC in unix seconds
        var e = Assert.Throws<InvalidDataException>(() => Readers.ReadString("u1,i1,100\nu1,i2\n", DataFormat.GenericCsv, "mine.csv").ToList());
        Assert.Equal("mine.csv line 2: expected 3 or 4 fields 'user,item,timestamp[,rating]'; got 2", e.Message);
        var t = Assert.Throws<InvalidDataException>(() => Readers.ReadString("u1,i1,100\nu1,i2,soon\n", DataFormat.GenericCsv, "mine.csv").ToList());
        Assert.Equal("mine.csv line 2: timestamp 'soon' is neither an integer, a number nor a date", t.Message);
    }

    [Fact]
    public void Amazon_Gowalla_Yelp_and_Booking_formats()
    {
        Assert.Equal([new Interaction("A1", "B00", 1365811200, 5f)],
            Readers.ReadString("A1,B00,5.0,1365811200\n", DataFormat.AmazonRatingsCsv, "ratings_Beauty.csv"));
        Assert.Equal([new Interaction("A2", "7806397051", 1391040000, 3f)],
            Readers.ReadString("""{"reviewerID": "A2", "asin": "7806397051", "overall": 3.0, "unixReviewTime": 1391040000, "reviewText": "ok"}""" + "\n",
                DataFormat.AmazonReviewsJson, "reviews_Beauty_5.json"));
        var je = Assert.Throws<InvalidDataException>(() => Readers.ReadString("{\"asin\": \"x\", \"unixReviewTime\": 1}\n", DataFormat.AmazonReviewsJson, "r.json").ToList());
        Assert.Equal("r.json line 1: missing field 'reviewerID'", je.Message);
        // 2010-10-19T23:55:27Z = 1287532527
        Assert.Equal([new Interaction("0", "22847", 1287532527)],
            Readers.ReadString("0\t2010-10-19T23:55:27Z\t30.2359091167\t-97.7951395833\t22847\n", DataFormat.GowallaCheckins, "gowalla.txt"));
        // 2019-01-01 00:00:00 = 1546300800
        Assert.Equal([new Interaction("u", "b", 1546300800, 4f)],
            Readers.ReadString("""{"user_id":"u","business_id":"b","stars":4.0,"date":"2019-01-01 00:00:00"}""" + "\n", DataFormat.YelpReviewsJson, "review.json"));
        var booking = "user_id,checkin,checkout,city_id,device_class,affiliate_id,booker_country,hotel_country,utrip_id\n" +
                      "1000027,2016-08-13,2016-08-14,8183,desktop,7168,Elbonia,Gondal,1000027_1\n" +
                      "1000027,2016-08-14,2016-08-16,0,desktop,7168,Elbonia,Gondal,1000027_1\n";
        // 2016-08-13 = 1471046400; the city_id 0 row is a concealed target and is skipped
        Assert.Equal([new Interaction("1000027_1", "8183", 1471046400)], Readers.ReadString(booking, DataFormat.BookingCsv, "train_set.csv"));
    }

    [Fact]
    public void Every_reader_gives_each_interaction_its_file_and_line()
    {
        var xs = Readers.ReadString("1 10 11\n\n2 12\n", DataFormat.UserItemLines, "seqs.txt").ToList();
        Assert.Equal([new SourceLine("seqs.txt", 1), new SourceLine("seqs.txt", 1), new SourceLine("seqs.txt", 3)], xs.Select(x => x.Origin!.Value));
        Assert.Equal("seqs.txt line 3", xs[2].Origin.ToString());
        // the origin is where a value came from, not part of the interaction's identity
        Assert.Equal(new Interaction("2", "12", 3), xs[2]);
        var csv = Readers.ReadString("user,item,time\nu,i,5\n", DataFormat.GenericCsv, "x.csv").Single();
        Assert.Equal(new SourceLine("x.csv", 2), csv.Origin);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Readers.Read("/nonexistent/ratings.dat", DataFormat.MovieLensDat));
        Assert.Contains("/nonexistent/ratings.dat", e.Message);
    }
}
