namespace SeqRecLab.Data;

/// <summary>File formats that <see cref="Readers"/> can read. Every reader works on any local file.</summary>
public enum DataFormat
{
    /// <summary>MovieLens 1M/10M <c>ratings.dat</c>: <c>UserID::MovieID::Rating::Timestamp</c>, no header.</summary>
    MovieLensDat,
    /// <summary>MovieLens 20M/25M <c>ratings.csv</c>: header <c>userId,movieId,rating,timestamp</c>.</summary>
    MovieLensCsv,
    /// <summary>BERT4Rec/SASRec files: one <c>user item</c> pair per line; line order is time order within a user.</summary>
    UserItemPairs,
    /// <summary>S3Rec files: one line per user, <c>user item item …</c>, chronological.</summary>
    UserItemLines,
    /// <summary>One line per user, <c>item item …</c>, chronological; line n is user n (the ml-1m-proxy format).</summary>
    ItemLines,
    /// <summary>Generic CSV <c>user,item,timestamp[,rating]</c>, with or without a header line (detected).</summary>
    GenericCsv,
    /// <summary>Amazon 2014 <c>ratings_&lt;Category&gt;.csv</c>: <c>user,item,rating,timestamp</c>, no header.</summary>
    AmazonRatingsCsv,
    /// <summary>Amazon 2014 review JSON lines (<c>reviewerID</c>, <c>asin</c>, <c>overall</c>, <c>unixReviewTime</c>), already decompressed.</summary>
    AmazonReviewsJson,
    /// <summary>SNAP Gowalla check-ins: <c>user \t ISO-8601 time \t latitude \t longitude \t location</c>.</summary>
    GowallaCheckins,
    /// <summary>Yelp <c>yelp_academic_dataset_review.json</c> lines (<c>user_id</c>, <c>business_id</c>, <c>stars</c>, <c>date</c>).</summary>
    YelpReviewsJson,
    /// <summary>Booking.com <c>train_set.csv</c>/<c>test_set.csv</c>: columns found by header name; user = <c>utrip_id</c>, item = <c>city_id</c>, time = <c>checkin</c>; rows with city_id 0 (concealed targets) are skipped.</summary>
    BookingCsv,
}
